package io.camelagents.mcp.model;

import java.util.List;

/**
 * A prompt template offered by a server ({@code prompts/list}).
 */
public record McpPromptInfo(String name, String title, String description, List<McpPromptArgument> arguments) {
}
