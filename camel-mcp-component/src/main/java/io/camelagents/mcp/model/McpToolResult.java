package io.camelagents.mcp.model;

import java.util.List;
import java.util.Map;

/**
 * The result of a tool call.
 *
 * @param content           the content blocks, in server order
 * @param error             true when the tool reported a failure (MCP {@code isError}; a missing flag means false)
 * @param structuredContent the tool's structured output (usually a Map), or null
 * @param meta              the result's {@code _meta}, or null
 */
public record McpToolResult(List<McpContent> content, boolean error, Object structuredContent, Map<String, Object> meta) {

    /** The text blocks joined with a newline; empty when there is none. */
    public String text() {
        return McpContents.joinText(content);
    }
}
