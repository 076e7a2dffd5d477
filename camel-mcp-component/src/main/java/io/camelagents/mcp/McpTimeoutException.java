package io.camelagents.mcp;

import java.time.Duration;

/**
 * No answer within the request timeout. The server may still be working on the request (MCP has no guaranteed
 * cancellation), so only retry idempotent calls.
 */
public class McpTimeoutException extends McpException {

    private final Duration timeout;

    public McpTimeoutException(String serverName, String operation, Duration timeout, Throwable cause) {
        super(serverName, "MCP server '" + serverName + "' did not answer " + operation + " within "
                + timeout.toMillis() + " ms", cause);
        this.timeout = timeout;
    }

    public Duration getTimeout() {
        return timeout;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
