package io.camelagents.pilot;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.driver.PilotDriver;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Node and trust management. The result is the daemon's JSON answer as a String body (easy to log, filter with
 * JSONPath or forward to Kafka). Which input each operation takes:
 * <ul>
 * <li>info, health, pending, trusted, deregister: none</li>
 * <li>resolve, setHostname, setWebhook: the body (hostname or URL; empty clears)</li>
 * <li>handshake, approve, reject, revoke, waitForTrust: the node id from CamelPilotNodeId, else the peer option
 * (address or hostname) resolved to its node; handshake/reject take CamelPilotJustification</li>
 * <li>setVisibility: body true/false (public); setTags: body as a comma-separated list (at most 3)</li>
 * </ul>
 */
final class PilotAdminProducer extends PilotProducerSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    PilotAdminProducer(PilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        PilotAdminOperation op = in.getHeader(PilotConstants.OPERATION, PilotAdminOperation.class);
        if (op == null) {
            op = config().getOperation();
        }
        if (op == null) {
            throw new IllegalArgumentException("no admin operation: set operation on " + getEndpoint().getEndpointUri()
                    + " or the " + PilotConstants.OPERATION + " header");
        }
        PilotDriver driver = client().driver();
        String justification = in.getHeader(PilotConstants.JUSTIFICATION, "", String.class);
        Object result = switch (op) {
            case info -> driver.info();
            case health -> driver.health();
            case pending -> driver.pendingTrust();
            case trusted -> driver.trustedPeers();
            case deregister -> driver.deregister();
            case resolve -> driver.resolveHostname(in.getMandatoryBody(String.class).trim());
            case setHostname -> driver.setHostname(in.getBody(String.class));
            case setWebhook -> driver.setWebhook(in.getBody(String.class));
            case setVisibility -> driver.setVisibility(in.getMandatoryBody(Boolean.class));
            case setTags -> driver.setTags(tags(in.getBody(String.class)));
            case handshake -> driver.requestTrust(nodeId(exchange, driver), justification);
            case approve -> driver.approveTrust(nodeId(exchange, driver));
            case reject -> driver.rejectTrust(nodeId(exchange, driver), justification);
            case revoke -> driver.revokeTrust(nodeId(exchange, driver));
            case waitForTrust -> Map.of("trusted",
                    driver.waitForTrust(nodeId(exchange, driver), Duration.ofMillis(config().getRequestTimeout())));
        };
        exchange.getMessage().setBody(JSON.writeValueAsString(result));
    }

    private long nodeId(Exchange exchange, PilotDriver driver) throws Exception {
        Long id = exchange.getIn().getHeader(PilotConstants.NODE_ID, Long.class);
        return id != null ? id : peer(exchange, driver).node();
    }

    private static List<String> tags(String body) {
        if (body == null || body.isBlank()) {
            return List.of();
        }
        return Arrays.stream(body.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
