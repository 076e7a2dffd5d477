package io.camelagents.pilot;

import java.util.Map;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotHostname;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.protocol.TopicPattern;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Agents on the Pilot Protocol peer network, through the local daemon: publish and subscribe events, submit and serve
 * tasks, exchange data and files, raw streams and datagrams, and trust administration.
 * <p>
 * Kinds: pilot:events, pilot:task, pilot:data, pilot:stream:PORT, pilot:datagram:PORT, pilot:admin.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "pilot", title = "Pilot Protocol", syntax = "pilot:kind:port",
        category = {Category.MESSAGING, Category.AI}, headersClass = PilotConstants.class)
public class PilotEndpoint extends DefaultEndpoint implements EndpointServiceLocation, MultipleConsumersSupport {

    @UriPath(enums = "events,task,data,stream,datagram,admin", description = "What the endpoint talks to: events (pub/sub, port 1002),"
            + " task (task submit, port 1003), data (data exchange, port 1001), stream or datagram (raw, on the port given after"
            + " the kind), admin (node and trust management, producer only).")
    @Metadata(required = true)
    private PilotKind kind;
    @UriPath(description = "Pilot port of pilot:stream and pilot:datagram endpoints (the consumer binds it, the producer sends to it on the peer).")
    private int port;
    @UriParam
    private PilotConfiguration configuration;

    private TopicPattern topicPattern;

    public PilotEndpoint(String uri, PilotComponent component, PilotConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    /** Checks options that would otherwise fail only at run time, with messages that say what to fix. */
    void validate() {
        checkTarget("peer", configuration.getPeer());
        checkTarget("broker", configuration.getBroker());
        if (configuration.getTopic() != null) {
            try {
                topicPattern = TopicPattern.parse(configuration.getTopic());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid topic in " + getEndpointUri() + ": " + e.getMessage(), e);
            }
        }
        positive("requestTimeout", configuration.getRequestTimeout());
        positive("dialTimeout", configuration.getDialTimeout());
        positive("taskTimeout", configuration.getTaskTimeout());
        positive("concurrentTasks", configuration.getConcurrentTasks());
        positive("maxMessageBytes", configuration.getMaxMessageBytes());
        positive("maxEventBytes", configuration.getMaxEventBytes());
        positive("maxPeerConnections", configuration.getMaxPeerConnections());
        positive("peerFrameTimeout", configuration.getPeerFrameTimeout());
        positive("maxPeerBytesInFlight", configuration.getMaxPeerBytesInFlight());
        positive("maxDataMessageBytes", configuration.getMaxDataMessageBytes());
        if (configuration.getPeerIdleTimeout() < 0) {
            throw new IllegalArgumentException("peerIdleTimeout must be 0 (never) or positive, got " + configuration.getPeerIdleTimeout());
        }
        if (configuration.getMaxEventBytes() > EventFrame.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("maxEventBytes " + configuration.getMaxEventBytes() + " exceeds the brokers' limit of "
                    + EventFrame.MAX_PAYLOAD_BYTES);
        }
        if (configuration.getPublishRate() < 0) {
            throw new IllegalArgumentException("publishRate must be 0 (no pacing) or positive, got " + configuration.getPublishRate());
        }
        if (configuration.getPublishConnections() < 1 || configuration.getPublishConnections() > PublishConnections.MAX) {
            throw new IllegalArgumentException("publishConnections must be 1.." + PublishConnections.MAX + ", got "
                    + configuration.getPublishConnections() + ": the number of broker connections a pilot:events producer spreads"
                    + " its publishes over (each paced to publishRate)");
        }
        if ((kind == PilotKind.stream || kind == PilotKind.datagram) && port == 0) {
            throw new IllegalArgumentException("pilot:" + kind + " needs a port 1..65535");
        }
    }

    private void checkTarget(String option, String value) {
        if (value == null || value.isEmpty() || PilotAddress.isAddress(value) || PilotHostname.isValid(value)) {
            return;
        }
        String why;
        try {
            PilotAddress.parse(value);
            why = "";
        } catch (IllegalArgumentException e) {
            why = e.getMessage();
        }
        throw new IllegalArgumentException("Invalid " + option + " '" + value + "' in " + getEndpointUri()
                + ": give an address such as 0:0000.0000.0005 or a hostname of lowercase letters, digits and hyphens ("
                + why + ")");
    }

    private static void positive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }

    /** Several routes may subscribe to the same events URI (each gets every event); ports can be bound only once. */
    @Override
    public boolean isMultipleConsumersSupported() {
        return kind == PilotKind.events;
    }

    @Override
    public Producer createProducer() throws Exception {
        return switch (kind) {
            case events -> new PilotEventsProducer(this);
            case task -> new PilotTaskProducer(this);
            case data -> new PilotDataProducer(this);
            case stream -> new PilotStreamProducer(this);
            case datagram -> new PilotDatagramProducer(this);
            case admin -> new PilotAdminProducer(this);
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        PilotConsumerSupport consumer = switch (kind) {
            case events -> {
                if (topicPattern == null) {
                    throw new IllegalArgumentException("pilot:events consumer needs a topic: pilot:events?topic=research.* (or * for all)");
                }
                yield new PilotEventsConsumer(this, processor);
            }
            case task -> new PilotTaskConsumer(this, processor);
            case data -> new PilotDataConsumer(this, processor);
            case stream -> new PilotStreamConsumer(this, processor);
            case datagram -> new PilotDatagramConsumer(this, processor);
            case admin -> throw new IllegalArgumentException("pilot:admin is producer only: use it in to(...)");
        };
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public PilotComponent getComponent() {
        return (PilotComponent) super.getComponent();
    }

    PilotClient client() {
        return getComponent().client(configuration);
    }

    TopicPattern topicPattern() {
        return topicPattern;
    }

    @Override
    public String getServiceUrl() {
        return "pilot:" + (configuration.getSocketPath() != null ? configuration.getSocketPath() : "default-socket");
    }

    @Override
    public String getServiceProtocol() {
        return "pilot";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        return configuration.getPeer() != null ? Map.of("peer", configuration.getPeer()) : null;
    }

    public PilotKind getKind() {
        return kind;
    }

    public void setKind(PilotKind kind) {
        this.kind = kind;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public PilotConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(PilotConfiguration configuration) {
        this.configuration = configuration;
    }
}
