package io.camelagents.mcp.model;

/**
 * One content block of a tool result, resource or prompt message.
 *
 * @param type     {@code text}, {@code image}, {@code audio}, {@code resource} (embedded), {@code resource_link}, or
 *                 {@code blob} (binary resource contents)
 * @param text     the text for text blocks and embedded text resources, otherwise null
 * @param data     base64 data for image, audio and binary resources, otherwise null
 * @param mimeType the MIME type when the server gave one
 * @param uri      the resource URI for embedded resources and resource links
 */
public record McpContent(String type, String text, String data, String mimeType, String uri) {

    public boolean isText() {
        return text != null;
    }
}
