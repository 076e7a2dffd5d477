package io.camelagents.mcp.model;

import java.util.Map;

/**
 * A tool offered by a server ({@code tools/list}).
 *
 * @param annotations the behaviour hints (readOnlyHint, destructiveHint, idempotentHint, openWorldHint); advisory only
 */
public record McpToolInfo(String name, String title, String description, Map<String, Object> inputSchema,
        Map<String, Object> outputSchema, Map<String, Object> annotations) {
}
