package io.camelagents.pilot;

import java.time.Duration;

import io.camelagents.pilot.metrics.PilotMetrics;
import io.camelagents.pilot.protocol.EventFrame;
import org.apache.camel.Exchange;

/**
 * Publishes the body as an event to a node's broker over kept-open, paced connections ({@link PublishConnections}):
 * one by default, so events of one producer arrive in order; with {@code publishConnections} N, events of one
 * publish key ({@link PilotConstants#PUBLISH_KEY}) arrive in order and unkeyed events are spread. Publishes are
 * paced to {@code publishRate} per second per connection because the newest broker silently drops the excess. The
 * broker (a hostname is resolved) is looked up when a connection opens.
 */
final class PilotEventsProducer extends PilotProducerSupport {
    private final PublishConnections connections;

    PilotEventsProducer(PilotEndpoint endpoint) {
        super(endpoint);
        PilotConfiguration c = endpoint.getConfiguration();
        this.connections = new PublishConnections(c.getPublishConnections(),
                d -> c.getBroker() == null ? d.nodeInfo().address() : d.resolve(c.getBroker()),
                c.getPublishRate(), Duration.ofMillis(c.getDialTimeout()), endpoint.getEndpointUri());
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
        String key = exchange.getIn().getHeader(PilotConstants.PUBLISH_KEY, String.class);
        long waited = connections.publish(client().driver(), frame, key);
        PilotMetrics metrics = getEndpoint().getComponent().metrics();
        metrics.publishWaited(topic, waited);
        metrics.eventPublished(topic);
    }

    /** Connections opened so far by this producer (first opens + reconnects), for tests. */
    long connectionsOpened() {
        return connections.connectionsOpened();
    }

    @Override
    protected void doStop() throws Exception {
        connections.close();
        super.doStop();
    }
}
