package io.camelagents.mcp;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.mcp.model.McpPromptResult;
import io.camelagents.mcp.model.McpResourceResult;
import io.camelagents.mcp.model.McpToolResult;

/**
 * Turns results into message bodies according to {@link McpResultMode}.
 */
final class McpResultMapper {

    private final ObjectMapper objectMapper;

    McpResultMapper(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    Object toolBody(McpToolResult result, McpResultMode mode, String server) {
        return switch (mode) {
            case text -> result.text();
            case json -> parseJson(result.text(), server);
            case structured -> result.structuredContent();
            case raw -> result;
        };
    }

    /** Resources have no structured content: structured behaves like json. */
    Object resourceBody(McpResourceResult result, McpResultMode mode, String server) {
        return switch (mode) {
            case text -> result.text();
            case json, structured -> parseJson(result.text(), server);
            case raw -> result;
        };
    }

    /** Prompts: text joins the messages; json / structured give a list of {role, type, text} maps. */
    Object promptBody(McpPromptResult result, McpResultMode mode) {
        return switch (mode) {
            case text -> result.text();
            case json, structured -> objectMapper.convertValue(result.messages(), List.class);
            case raw -> result;
        };
    }

    /** Lists (tools, resources, prompts): model records, or plain maps in json mode. */
    Object listBody(List<?> items, McpResultMode mode) {
        return mode == McpResultMode.json ? objectMapper.convertValue(items, List.class) : items;
    }

    private Object parseJson(String text, String server) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return objectMapper.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            String start = text.length() > 200 ? text.substring(0, 200) + "..." : text;
            throw new McpException(server, "resultMode=json but MCP server '" + server + "' answered non-JSON text: "
                    + start, e);
        }
    }
}
