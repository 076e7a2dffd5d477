package io.camelagents.examples.delegation;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.mcp.McpConstants;
import io.camelagents.mcp.McpToolNotAllowedException;
import io.camelagents.pilot.PilotConstants;
import org.apache.camel.builder.RouteBuilder;

/**
 * Tool delegation: a peer asks this agent over Pilot to run an MCP tool it cannot reach itself. The task is JSON
 * {@code {"tool": "get-sum", "arguments": {...}}}. The MCP server {@code tools} runs here, with its credentials in
 * its own environment: they never travel, only the tool's answer does. The server's allow-list is enforced before
 * any call; a tool outside it is DECLINED with a clear reason, other failures with a generic one.
 * Needs property {@code delegation.socket}.
 */
public class ToolDelegationRoutes extends RouteBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_\\-.]{1,128}");

    @Override
    public void configure() {
        onException(McpToolNotAllowedException.class)
                .setHeader(PilotConstants.TASK_JUSTIFICATION, simple("tool '${header." + McpConstants.TOOL_NAME
                        + "}' is not on this agent's allow-list"));
        onException(IllegalArgumentException.class)
                .setHeader(PilotConstants.TASK_JUSTIFICATION, simple("bad request: ${exception.message}"));

        from("pilot:task?failureAction=decline&socketPath={{delegation.socket}}").routeId("tool-delegation")
                .process(exchange -> {
                    Request r = Request.parse(exchange.getIn().getBody(String.class));
                    exchange.getIn().setHeader(McpConstants.TOOL_NAME, r.tool());
                    exchange.getIn().setBody(r.arguments());
                })
                // the URI names the default tool; the header picks the requested one, checked against allowedTools
                .to("mcp:tools/echo");
    }

    /** A delegation request. */
    record Request(String tool, Map<String, Object> arguments) {
        @SuppressWarnings("unchecked")
        static Request parse(String json) {
            JsonNode node;
            try {
                node = JSON.readTree(json == null ? "" : json);
            } catch (Exception e) {
                throw new IllegalArgumentException("the task must be JSON {\"tool\": ..., \"arguments\": {...}}");
            }
            String tool = node == null ? "" : node.path("tool").asText("");
            if (!TOOL_NAME.matcher(tool).matches()) {
                throw new IllegalArgumentException("'tool' must be an MCP tool name");
            }
            JsonNode args = node.path("arguments");
            return new Request(tool, args.isObject() ? JSON.convertValue(args, Map.class) : Map.of());
        }
    }
}
