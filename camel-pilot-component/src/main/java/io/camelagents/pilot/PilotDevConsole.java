package io.camelagents.pilot;

import java.util.Map;

import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * The {@code pilot} dev console (needs camel-console on the classpath): daemon sockets with their connection and
 * generation, and every pilot consumer's subscription, bound port and reconnect state.
 */
@DevConsole(name = "pilot", displayName = "Pilot Protocol", description = "Pilot daemons, subscriptions, bound ports and reconnect state")
public class PilotDevConsole extends AbstractDevConsole {

    public PilotDevConsole() {
        super("camel", "pilot", "Pilot Protocol", "Pilot daemons, subscriptions, bound ports and reconnect state");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        for (PilotComponent component : getCamelContext().getComponentNames().stream()
                .map(n -> getCamelContext().hasComponent(n)).filter(PilotComponent.class::isInstance)
                .map(PilotComponent.class::cast).toList()) {
            sb.append(PilotStatus.text(component));
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        JsonArray daemons = new JsonArray();
        JsonArray consumers = new JsonArray();
        for (String name : getCamelContext().getComponentNames()) {
            if (getCamelContext().hasComponent(name) instanceof PilotComponent component) {
                PilotStatus.daemons(component).forEach(d -> daemons.add(new JsonObject(d)));
                PilotStatus.consumers(component).forEach(c -> consumers.add(new JsonObject(c)));
            }
        }
        root.put("daemons", daemons);
        root.put("consumers", consumers);
        return root;
    }
}
