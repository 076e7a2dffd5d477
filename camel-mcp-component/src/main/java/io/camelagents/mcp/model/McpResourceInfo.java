package io.camelagents.mcp.model;

/**
 * A resource offered by a server ({@code resources/list}).
 */
public record McpResourceInfo(String uri, String name, String title, String description, String mimeType, Long size) {
}
