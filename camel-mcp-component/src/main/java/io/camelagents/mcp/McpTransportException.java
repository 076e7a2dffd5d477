package io.camelagents.mcp;

/**
 * The connection to the server failed: the stdio process exited, the HTTP server is unreachable or dropped the
 * session. The component discards the connection; the next call starts a new one.
 */
public class McpTransportException extends McpException {

    public McpTransportException(String serverName, String message, Throwable cause) {
        super(serverName, message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
