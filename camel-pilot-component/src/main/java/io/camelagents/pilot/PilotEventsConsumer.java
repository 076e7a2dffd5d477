package io.camelagents.pilot;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import io.camelagents.pilot.driver.LogThrottle;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.protocol.InvalidEventException;
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
 * <p>
 * Brokers forward any topic a publisher picks. An event that is well framed but must not reach the route (topic
 * with control characters or not UTF-8, payload over {@code maxEventBytes}) is skipped and counted and the
 * subscription stays: otherwise one bad event a second from anyone would keep the consumer resubscribing and
 * missing everyone else's events. Only a broken frame ends the subscription.
 */
final class PilotEventsConsumer extends PilotConsumerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(PilotEventsConsumer.class);

    private static final byte[] PROBE = {'p', 'r', 'b', '\n'};
    /** At most one warning about skipped events per this many milliseconds (a publisher chooses how many). */
    private static final long SKIP_LOG_INTERVAL = 10_000;

    private final TopicPattern pattern;
    private volatile PilotConnection subscription;
    private final LogThrottle skipLog = new LogThrottle(Duration.ofMillis(SKIP_LOG_INTERVAL));
    private volatile long skippedEvents; // written only by the serving thread

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
                } catch (InvalidEventException e) {
                    skipped(broker, e);
                    continue;
                } catch (MalformedFrameException e) {
                    // Drop this subscription (bounded memory), log why, and let the loop subscribe again.
                    LOG.warn("malformed event from broker {}: {}; resubscribing", broker, e.getMessage());
                    return;
                }
                if (event == null) {
                    if (isServingAllowed()) { // not when we closed it ourselves to stop
                        LOG.info("broker {} closed the subscription to '{}'; resubscribing", broker, pattern);
                    }
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

    /** Events skipped because they were well framed but invalid (see the class comment), since the consumer was created. */
    @Override
    void addHealthDetails(Map<String, Object> details) {
        details.put("pilot.events.skipped", skippedEvents);
    }

    long skippedEvents() {
        return skippedEvents;
    }

    private void skipped(PilotAddress broker, InvalidEventException e) {
        long total = ++skippedEvents;
        long unlogged = skipLog.admit();
        if (unlogged >= 0) {
            LOG.warn("skipped an event from broker {}: {} ({} more skipped since the last report, {} in total; at most one report per {} s)",
                    broker, e.getMessage(), unlogged, total, SKIP_LOG_INTERVAL / 1000);
        }
    }

    private void deliver(EventFrame event, String broker) {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(event.payload());
        in.setHeader(PilotConstants.TOPIC, event.topic());
        in.setHeader(PilotConstants.BROKER, broker);
        in.setHeader(PilotConstants.RECEIVED_AT, System.currentTimeMillis());
        getEndpoint().getComponent().metrics().eventReceived(event.topic());
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
