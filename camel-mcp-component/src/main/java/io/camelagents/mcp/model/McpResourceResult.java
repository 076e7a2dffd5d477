package io.camelagents.mcp.model;

import java.util.List;

/**
 * The contents of a resource ({@code resources/read}): text blocks have {@code text}, binary ones {@code data}.
 */
public record McpResourceResult(String uri, List<McpContent> contents) {

    public String text() {
        return McpContents.joinText(contents);
    }
}
