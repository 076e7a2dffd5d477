package io.camelagents.mcp.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Helpers shared by the result records.
 */
public final class McpContents {

    private McpContents() {
    }

    /** The text of all text-bearing blocks joined with a newline. */
    public static String joinText(List<McpContent> content) {
        if (content == null) {
            return "";
        }
        return content.stream().filter(McpContent::isText).map(McpContent::text).collect(Collectors.joining("\n"));
    }
}
