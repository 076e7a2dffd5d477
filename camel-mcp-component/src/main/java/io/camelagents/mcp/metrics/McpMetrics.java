package io.camelagents.mcp.metrics;

/**
 * What the mcp component measures. Free of Micrometer types so the component runs without Micrometer on the
 * classpath; {@link #NONE} records nothing.
 */
public interface McpMetrics {

    /**
     * One MCP request ended. {@code tool} is the tool name for callTool, otherwise the operation name;
     * {@code errorType} is null on success, {@code tool_error} for a tool result flagged isError, otherwise the simple
     * class name of the exception (McpTimeoutException, McpTransportException, McpToolNotAllowedException, ...).
     */
    void callCompleted(String server, String tool, long nanos, String errorType);

    /** The component restarted the MCP server {@code server} (a new child process or a new HTTP session). */
    void serverRestarted(String server);

    McpMetrics NONE = new McpMetrics() {
        @Override
        public void callCompleted(String server, String tool, long nanos, String errorType) {
        }

        @Override
        public void serverRestarted(String server) {
        }
    };
}
