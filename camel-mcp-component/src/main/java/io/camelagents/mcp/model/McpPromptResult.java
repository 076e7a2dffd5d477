package io.camelagents.mcp.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rendered prompt ({@code prompts/get}).
 */
public record McpPromptResult(String description, List<McpPromptMessage> messages) {

    /** The text of each message, one per line. */
    public String text() {
        return messages.stream().map(McpPromptMessage::content).filter(c -> c != null && c.isText())
                .map(McpContent::text).collect(Collectors.joining("\n"));
    }
}
