package io.camelagents.mcp.model;

/**
 * A parameterised resource offered by a server ({@code resources/templates/list}), e.g. {@code file:///{path}}.
 */
public record McpResourceTemplateInfo(String uriTemplate, String name, String title, String description, String mimeType) {
}
