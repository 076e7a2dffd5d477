package io.camelagents.pilot;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.protocol.PublishPacer;
import org.apache.camel.Exchange;

/**
 * Publishes the body as an event to a node's broker over one kept-open connection per broker, so events of one
 * producer arrive in order. The connection's first frame is a subscription to a topic nobody uses (the protocol
 * treats the first frame as a subscription); every later frame is a publish. Publishes are paced to
 * {@code publishRate} per second because the newest broker silently drops the excess.
 */
final class PilotEventsProducer extends PilotProducerSupport {
    private final Map<PilotAddress, Publisher> publishers = new ConcurrentHashMap<>();

    PilotEventsProducer(PilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String topic = exchange.getIn().getHeader(PilotConstants.TOPIC, String.class);
        if (topic == null) {
            topic = config().getTopic();
        }
        if (topic == null) {
            throw new IllegalArgumentException("no event topic: set the topic option or the " + PilotConstants.TOPIC + " header");
        }
        if (topic.contains("*") || topic.contains("?")) {
            throw new IllegalArgumentException("cannot publish to a pattern ('" + topic + "'): give an exact topic");
        }
        byte[] payload = exchange.getIn().getMandatoryBody(byte[].class);
        EventFrame frame = new EventFrame(topic, payload);
        PilotDriver driver = client().driver();
        PilotAddress broker = config().getBroker() == null ? driver.nodeInfo().address() : driver.resolve(config().getBroker());
        Publisher publisher = publishers.computeIfAbsent(broker, b -> new Publisher(b, config().getPublishRate()));
        publisher.publish(driver, frame);
    }

    @Override
    protected void doStop() throws Exception {
        publishers.values().forEach(Publisher::close);
        publishers.clear();
        super.doStop();
    }

    /** One broker connection plus its pacing. */
    private final class Publisher {
        private final PilotAddress broker;
        private final PublishPacer pacer;
        private PilotConnection conn;
        private PilotDriver connDriver;

        Publisher(PilotAddress broker, int ratePerSecond) {
            this.broker = broker;
            this.pacer = new PublishPacer(ratePerSecond);
        }

        synchronized void publish(PilotDriver driver, EventFrame frame) throws Exception {
            pacer.await();
            if (conn == null || !conn.isOpen() || connDriver != driver) {
                open(driver);
            }
            try {
                frame.writeTo(conn.getOutputStream());
            } catch (Exception e) {
                close(); // the next exchange opens a fresh connection; this one fails so the caller can retry
                throw e;
            }
        }

        private void open(PilotDriver driver) throws Exception {
            close();
            conn = driver.dial(new PilotSocketAddress(broker, EventFrame.EVENT_STREAM_PORT), Duration.ofMillis(config().getDialTimeout()));
            connDriver = driver;
            // The first frame subscribes: pick a topic no one publishes to, so nothing flows back unread.
            new EventFrame("camel.publisher." + Long.toHexString(System.nanoTime()), new byte[0]).writeTo(conn.getOutputStream());
        }

        synchronized void close() {
            if (conn != null) {
                try {
                    conn.close();
                } catch (Exception ignored) {
                    // best effort
                }
                conn = null;
            }
        }
    }
}
