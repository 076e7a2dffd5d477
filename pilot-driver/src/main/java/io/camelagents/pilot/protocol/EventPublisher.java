package io.camelagents.pilot.protocol;

import java.io.IOException;
import java.time.Duration;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One paced publishing connection to an event broker, kept open so its events arrive in order. The first frame on
 * an event-stream connection subscribes, so the connection subscribes to a topic of its own that nobody publishes
 * to, and discards anything a broker sends back anyway. The broker is resolved when a connection opens (not per
 * event). A write that returns has handed the frame to the local daemon; a failed write closes the connection and
 * the next publish opens a new one, as does a driver that changed or lost its daemon.
 */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    /** Where to publish, asked of the current driver each time a connection opens (e.g. a hostname lookup). */
    @FunctionalInterface
    public interface Broker {
        PilotAddress resolve(PilotDriver driver) throws PilotException;
    }

    private final Broker broker;
    private final PublishPacer pacer;
    private final Duration dialTimeout;
    private final String name;
    private PilotConnection conn;
    private PilotDriver connDriver;
    private long opened;

    /** {@code ratePerSecond} 0 disables pacing; {@code name} prefixes its log lines. */
    public EventPublisher(Broker broker, int ratePerSecond, Duration dialTimeout, String name) {
        this.broker = broker;
        this.pacer = new PublishPacer(ratePerSecond);
        this.dialTimeout = dialTimeout;
        this.name = name;
    }

    /**
     * Waits for the next pacing slot, then writes the frame to the daemon through {@code driver}; returns the
     * nanoseconds it waited for the slot.
     */
    public synchronized long publish(PilotDriver driver, EventFrame frame) throws IOException, InterruptedException {
        long waited = pacer.await();
        ensureOpen(driver);
        try {
            frame.writeTo(conn.getOutputStream());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        return waited;
    }

    private void ensureOpen(PilotDriver driver) throws IOException {
        if (conn != null && conn.isOpen() && connDriver == driver && driver.isConnected()) {
            return;
        }
        close();
        PilotAddress address = broker.resolve(driver);
        PilotConnection c = driver.dial(new PilotSocketAddress(address, EventFrame.EVENT_STREAM_PORT), dialTimeout);
        try {
            c.discardIncoming();
            new EventFrame("pilot.publisher." + Long.toHexString(System.nanoTime()), new byte[0]).writeTo(c.getOutputStream());
        } catch (IOException | RuntimeException e) {
            c.closeInBackground();
            throw e;
        }
        conn = c;
        connDriver = driver;
        opened++;
        LOG.info("{}: publishing to broker {}{}", name, address, opened > 1 ? " (connection " + opened + ")" : "");
    }

    /** Connections opened so far (1 + reconnects). */
    public synchronized long connectionsOpened() {
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
