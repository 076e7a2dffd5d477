package io.camelagents.pilot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.protocol.TaskFrame;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * What the {@code pilot} dev console and the component's JMX attributes show: per daemon socket the connection and
 * daemon generation, per consumer its subscription or bound port and its reconnect state. Read from memory only
 * (no daemon request), so calling it is cheap and never blocks.
 */
final class PilotStatus {

    private PilotStatus() {
    }

    /** One map per daemon socket the component uses. */
    static List<Map<String, Object>> daemons(PilotComponent component) {
        List<Map<String, Object>> out = new ArrayList<>();
        component.clients().forEach((key, client) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("socket", client.describeSocket());
            PilotDriver driver = client.connectedDriver();
            d.put("connected", driver != null);
            if (driver != null) {
                d.put("generation", String.valueOf(driver.generation()));
                d.put("node", String.valueOf(driver.nodeInfo().address()));
            }
            if (client.lastError() != null) {
                d.put("lastError", client.lastError());
            }
            out.add(d);
        });
        return out;
    }

    /** One map per started pilot consumer of this component, in route order. */
    static List<Map<String, Object>> consumers(PilotComponent component) {
        List<Map<String, Object>> out = new ArrayList<>();
        CamelContext context = component.getCamelContext();
        for (Route route : context.getRoutes()) {
            if (!(route.getConsumer() instanceof PilotConsumerSupport consumer)
                    || consumer.getEndpoint().getComponent() != component) {
                continue;
            }
            PilotEndpoint endpoint = consumer.getEndpoint();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("routeId", route.getRouteId());
            c.put("kind", endpoint.getKind().name());
            c.put("uri", endpoint.getEndpointBaseUri());
            String subscription = subscription(endpoint);
            if (subscription != null) {
                c.put("subscription", subscription);
            }
            Integer port = boundPort(endpoint);
            if (port != null) {
                c.put("boundPort", port);
            }
            c.put("state", consumer.state().name());
            c.put("sessions", consumer.sessions());
            c.put("reconnects", Math.max(0, consumer.sessions() - 1));
            String error = consumer.lastError();
            if (error != null) {
                c.put("lastError", error);
            }
            out.add(c);
        }
        return out;
    }

    /** events: the topic pattern and the broker it is subscribed at (the node's own broker when none is set). */
    static String subscription(PilotEndpoint endpoint) {
        if (endpoint.getKind() != PilotKind.events) {
            return null;
        }
        String broker = endpoint.getConfiguration().getBroker();
        return endpoint.topicPattern() + " @ " + (broker != null ? broker : "own broker");
    }

    /** The Pilot port a consumer binds on its node: the task service port, or the stream / datagram port. */
    static Integer boundPort(PilotEndpoint endpoint) {
        return switch (endpoint.getKind()) {
            case task -> TaskFrame.TASK_PORT;
            case stream, datagram -> endpoint.getPort();
            default -> null;
        };
    }

    static String text(PilotComponent component) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> d : daemons(component)) {
            sb.append("Daemon ").append(d.get("socket")).append(": ")
                    .append(Boolean.TRUE.equals(d.get("connected")) ? "connected, " + d.get("generation") + ", node " + d.get("node")
                            : "not connected");
            if (d.containsKey("lastError")) {
                sb.append(" (last error: ").append(d.get("lastError")).append(')');
            }
            sb.append('\n');
        }
        for (Map<String, Object> c : consumers(component)) {
            sb.append("Consumer ").append(c.get("routeId")).append(" [").append(c.get("kind")).append("] ")
                    .append(c.get("state")).append(", sessions ").append(c.get("sessions"));
            if (c.containsKey("subscription")) {
                sb.append(", subscribed to ").append(c.get("subscription"));
            }
            if (c.containsKey("boundPort")) {
                sb.append(", bound port ").append(c.get("boundPort"));
            }
            if (c.containsKey("lastError")) {
                sb.append(", last error: ").append(c.get("lastError"));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
