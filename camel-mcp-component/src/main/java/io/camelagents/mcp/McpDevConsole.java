package io.camelagents.mcp;

import java.util.List;
import java.util.Map;

import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * The {@code mcp} dev console (needs camel-console on the classpath): each MCP server's state, child pid, tools,
 * allow-list and deny-list and last error.
 */
@DevConsole(name = "mcp", displayName = "MCP servers", description = "MCP servers, child pids, tools, allow-lists and last errors")
public class McpDevConsole extends AbstractDevConsole {

    public McpDevConsole() {
        super("camel", "mcp", "MCP servers", "MCP servers, child pids, tools, allow-lists and last errors");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        for (McpComponent component : components()) {
            sb.append(McpStatus.text(component));
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonArray servers = new JsonArray();
        for (McpComponent component : components()) {
            for (Map<String, Object> s : McpStatus.servers(component, true)) {
                JsonObject o = new JsonObject(s);
                o.replaceAll((k, v) -> v instanceof List<?> list ? new JsonArray(list) : v);
                servers.add(o);
            }
        }
        JsonObject root = new JsonObject();
        root.put("servers", servers);
        return root;
    }

    private List<McpComponent> components() {
        return getCamelContext().getComponentNames().stream().map(n -> getCamelContext().hasComponent(n))
                .filter(McpComponent.class::isInstance).map(McpComponent.class::cast).toList();
    }
}
