package io.camelagents.mcp;

import io.camelagents.mcp.model.McpProgress;
import org.apache.camel.Exchange;

/**
 * Receives progress notifications of a running tool call, as they arrive.
 * Called on the transport's reading thread: return quickly and never call the same MCP server from here.
 */
@FunctionalInterface
public interface McpProgressListener {

    void onProgress(Exchange exchange, McpProgress progress);
}
