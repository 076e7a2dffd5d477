package io.camelagents.pilot.connect;

import java.io.IOException;
import java.time.Duration;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink task's one publishing connection to the broker, kept open so its events arrive in order, and paced.
 * The first frame on an event-stream connection subscribes, so the connection subscribes to a topic of its own
 * that nobody publishes to, and discards anything a broker sends back anyway. A write that returns has handed
 * the frame to the local daemon; a failed write closes the connection and the next publish opens a new one.
 */
final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(30);

    private final DaemonLink link;
    private final String broker;
    private final PublishPacer pacer;
    private final String name;
    private PilotConnection conn;
    private PilotDriver connDriver;
    private long opened;

    EventPublisher(DaemonLink link, String broker, int ratePerSecond, String name) {
        this.link = link;
        this.broker = broker;
        this.pacer = new PublishPacer(ratePerSecond);
        this.name = name;
    }

    /** Opens the connection if there is none (or its daemon is gone). */
    private void ensureOpen() throws IOException {
        if (conn != null && conn.isOpen() && connDriver.isConnected()) {
            return;
        }
        close();
        PilotDriver driver = link.driver();
        PilotAddress address = DaemonLink.brokerAddress(driver, broker);
        PilotConnection c = driver.dial(new PilotSocketAddress(address, EventFrame.EVENT_STREAM_PORT), DIAL_TIMEOUT);
        try {
            c.discardIncoming();
            new EventFrame("pilot.kafka-connect.publisher." + Long.toHexString(System.nanoTime()), new byte[0])
                    .writeTo(c.getOutputStream());
        } catch (IOException | RuntimeException e) {
            c.closeInBackground();
            throw e;
        }
        conn = c;
        connDriver = driver;
        opened++;
        LOG.info("{}: publishing to broker {}{}", name, address, opened > 1 ? " (connection " + opened + ")" : "");
    }

    /** Waits for the next pacing slot, then writes the frame to the daemon. */
    synchronized void publish(EventFrame frame) throws IOException, InterruptedException {
        pacer.await();
        ensureOpen();
        try {
            frame.writeTo(conn.getOutputStream());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Connections opened so far (1 + reconnects). */
    synchronized long connectionsOpened() {
        return opened;
    }

    @Override
    public synchronized void close() {
        if (conn != null) {
            conn.closeInBackground();
            conn = null;
            connDriver = null;
        }
    }
}
