package io.camelagents.mcp;

/**
 * How the component talks to an MCP server.
 */
public enum McpTransportType {
    /** A child process speaking newline-delimited JSON-RPC on stdin / stdout. */
    stdio,
    /** MCP streamable HTTP (spec 2025-03-26 and later). */
    streamableHttp,
    /** Legacy HTTP + server-sent events transport (spec 2024-11-05), deprecated by MCP. */
    sse
}
