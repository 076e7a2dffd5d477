package io.camelagents.mcp.model;

/**
 * One message of a rendered prompt.
 *
 * @param role {@code user} or {@code assistant}
 */
public record McpPromptMessage(String role, McpContent content) {
}
