package io.camelagents.pilot;

import java.io.InputStream;
import java.time.Duration;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.protocol.MalformedFrameException;
import io.camelagents.pilot.protocol.TopicPattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to a node's event-stream broker (port 1002) and turns each matching event into an exchange, in the
 * order the broker delivers them. One subscription per endpoint; after a daemon restart it subscribes again.
 * Events published while no subscription exists are not replayed (the broker keeps nothing).
 */
final class PilotEventsConsumer extends PilotConsumerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(PilotEventsConsumer.class);

    private static final byte[] PROBE = {'p', 'r', 'b', '\n'};

    private final TopicPattern pattern;
    private volatile PilotConnection subscription;

    PilotEventsConsumer(PilotEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.pattern = endpoint.topicPattern();
    }

    @Override
    String describe() {
        return "events:" + pattern;
    }

    @Override
    void serve(PilotDriver driver) throws Exception {
        PilotAddress broker = config().getBroker() == null ? driver.nodeInfo().address() : driver.resolve(config().getBroker());
        PilotConnection conn = driver.dial(new PilotSocketAddress(broker, EventFrame.EVENT_STREAM_PORT),
                Duration.ofMillis(config().getDialTimeout()));
        subscription = conn;
        BrokerProbe probe = null;
        try {
            new EventFrame(pattern.brokerTopic(), new byte[0]).writeTo(conn.getOutputStream());
            LOG.info("subscribed to '{}' at broker {} (pattern {})", pattern.brokerTopic(), broker, pattern);
            if (config().getBrokerCheckInterval() > 0 && !broker.equals(driver.nodeInfo().address())) {
                probe = new BrokerProbe(driver, broker, conn);
            }
            serving();
            InputStream in = conn.getInputStream();
            String brokerText = broker.toString();
            while (isServingAllowed()) {
                EventFrame event;
                try {
                    event = EventFrame.readFrom(in, config().getMaxEventBytes());
                } catch (MalformedFrameException e) {
                    // Drop this subscription (bounded memory), log why, and let the loop subscribe again.
                    LOG.warn("malformed event from broker {}: {}; resubscribing", broker, e.getMessage());
                    return;
                }
                if (event == null) {
                    LOG.info("broker {} closed the subscription to '{}'; resubscribing", broker, pattern);
                    return;
                }
                if (pattern.matches(event.topic())) {
                    deliver(event, brokerText);
                }
            }
        } finally {
            subscription = null;
            if (probe != null) {
                probe.close();
            }
            conn.close();
        }
    }

    /**
     * Liveness of a remote broker. A restarted broker node has forgotten our subscription but our daemon still
     * holds the connection (until its idle timeout), so we would wait silently. A small echo exchange on port 7
     * every {@code brokerCheckInterval} detects it: three intervals without an answer close the subscription,
     * and the reconnect loop subscribes again.
     */
    private final class BrokerProbe {
        private final PilotAddress broker;
        private final PilotConnection subscription;
        private final PilotConnection echo;
        private final java.util.concurrent.ScheduledFuture<?> task;
        private final long interval = config().getBrokerCheckInterval();
        private volatile long lastAnswer = System.currentTimeMillis();

        BrokerProbe(PilotDriver driver, PilotAddress broker, PilotConnection subscription) throws Exception {
            this.broker = broker;
            this.subscription = subscription;
            this.echo = driver.dial(new PilotSocketAddress(broker, 7), Duration.ofMillis(config().getDialTimeout()));
            this.task = getEndpoint().getComponent().scheduler().scheduleWithFixedDelay(this::probe, interval, interval,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        private void probe() {
            try {
                InputStream in = echo.getInputStream();
                int available = in.available();
                if (available > 0) {
                    in.readNBytes(available);
                    lastAnswer = System.currentTimeMillis();
                }
                if (echo.isRemoteClosed() || System.currentTimeMillis() - lastAnswer > 3 * interval) {
                    LOG.warn("broker {} stopped answering liveness probes; subscribing again", broker);
                    subscription.close();
                    return;
                }
                echo.getOutputStream().write(PROBE);
            } catch (Exception e) {
                LOG.warn("liveness probe to broker {} failed ({}); subscribing again", broker, e.getMessage());
                try {
                    subscription.close();
                } catch (Exception ignored) {
                    // the subscription ends either way
                }
            }
        }

        void close() {
            task.cancel(false);
            try {
                echo.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private void deliver(EventFrame event, String broker) {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(event.payload());
        in.setHeader(PilotConstants.TOPIC, event.topic());
        in.setHeader(PilotConstants.BROKER, broker);
        in.setHeader(PilotConstants.RECEIVED_AT, System.currentTimeMillis());
        processSynchronously(exchange, "event " + event.topic());
        releaseExchange(exchange, false);
    }

    @Override
    void interruptServe() {
        PilotConnection c = subscription;
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing to unblock the reader
            }
        }
    }
}
