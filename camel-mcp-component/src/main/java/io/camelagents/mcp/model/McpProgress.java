package io.camelagents.mcp.model;

/**
 * A progress notification sent by a server while a tool call runs.
 *
 * @param total   the expected total, or null when the server does not know it
 * @param message an optional human-readable status
 */
public record McpProgress(String server, String tool, double progress, Double total, String message) {
}
