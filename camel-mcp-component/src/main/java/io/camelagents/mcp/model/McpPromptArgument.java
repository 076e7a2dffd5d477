package io.camelagents.mcp.model;

/**
 * An argument of a prompt template.
 */
public record McpPromptArgument(String name, String description, boolean required) {
}
