package io.camelagents.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.camelagents.mcp.internal.McpServerConnection;
import io.camelagents.mcp.model.McpToolInfo;

/**
 * What the {@code mcp} dev console and the component's JMX attributes show, per MCP server: transport, state, child
 * pid, allow-list and deny-list, last error (secrets already masked), and the tools it offers. Tools are asked of
 * servers that are connected (never starting one), with a short timeout; everything else is read from memory.
 */
final class McpStatus {
    static final Duration TOOLS_TIMEOUT = Duration.ofSeconds(5);

    private McpStatus() {
    }

    static List<Map<String, Object>> servers(McpComponent component, boolean withTools) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (McpServerDefinition definition : component.serverDefinitions().values()) {
            McpServerConnection connection = component.existingConnection(definition.getName());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", definition.getName());
            s.put("transport", definition.effectiveTransport().name());
            s.put("state", connection != null ? connection.state() : "notStarted");
            s.put("allowedTools", List.copyOf(definition.getAllowedTools()));
            s.put("deniedTools", List.copyOf(definition.getDeniedTools()));
            if (connection != null) {
                if (connection.pid() != null) {
                    s.put("pid", connection.pid());
                }
                s.put("sessionsStarted", connection.sessionsStarted());
                s.put("failures", connection.failures());
                if (connection.serverInfo() != null) {
                    s.put("serverInfo", connection.serverInfo());
                    s.put("protocolVersion", connection.protocolVersion());
                }
                if (connection.lastError() != null) {
                    s.put("lastError", connection.lastError());
                    s.put("lastErrorTime", String.valueOf(connection.lastErrorTime()));
                }
                if (withTools && "connected".equals(connection.state())) {
                    try {
                        // listTools completes within TOOLS_TIMEOUT (the request's own deadline), so join cannot hang
                        s.put("tools", connection.listTools(TOOLS_TIMEOUT).join().stream().map(McpToolInfo::name).toList());
                    } catch (CompletionException e) {
                        s.put("toolsError", e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                    } catch (RuntimeException e) {
                        s.put("toolsError", e.getMessage());
                    }
                }
            }
            out.add(s);
        }
        return out;
    }

    static String text(McpComponent component) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> s : servers(component, true)) {
            sb.append("MCP server ").append(s.get("name")).append(" (").append(s.get("transport")).append("): ")
                    .append(s.get("state"));
            if (s.containsKey("pid")) {
                sb.append(", pid ").append(s.get("pid"));
            }
            if (s.containsKey("serverInfo")) {
                sb.append(", ").append(s.get("serverInfo")).append(" protocol ").append(s.get("protocolVersion"));
            }
            sb.append("\n  allowedTools: ").append(s.get("allowedTools")).append(", deniedTools: ").append(s.get("deniedTools"));
            if (s.containsKey("tools")) {
                sb.append("\n  tools: ").append(s.get("tools"));
            }
            if (s.containsKey("toolsError")) {
                sb.append("\n  tools unavailable: ").append(s.get("toolsError"));
            }
            if (s.containsKey("lastError")) {
                sb.append("\n  last error (").append(s.get("lastErrorTime")).append("): ").append(s.get("lastError"));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
