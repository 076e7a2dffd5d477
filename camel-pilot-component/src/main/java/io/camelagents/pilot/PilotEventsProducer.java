package io.camelagents.pilot;

import java.time.Duration;

import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.protocol.EventPublisher;
import org.apache.camel.Exchange;

/**
 * Publishes the body as an event to a node's broker over one kept-open, paced connection ({@link EventPublisher}),
 * so events of one producer arrive in order. Publishes are paced to {@code publishRate} per second because the
 * newest broker silently drops the excess. The broker (a hostname is resolved) is looked up when the connection
 * opens.
 */
final class PilotEventsProducer extends PilotProducerSupport {
    private final EventPublisher publisher;

    PilotEventsProducer(PilotEndpoint endpoint) {
        super(endpoint);
        PilotConfiguration c = endpoint.getConfiguration();
        this.publisher = new EventPublisher(d -> c.getBroker() == null ? d.nodeInfo().address() : d.resolve(c.getBroker()),
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
        publisher.publish(client().driver(), frame);
    }

    @Override
    protected void doStop() throws Exception {
        publisher.close();
        super.doStop();
    }
}
