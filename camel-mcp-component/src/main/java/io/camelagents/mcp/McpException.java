package io.camelagents.mcp;

/**
 * Base class of every failure the {@code mcp:} component raises; catch it (or a subclass) in {@code onException}.
 * Messages may contain server-side text (paths, SQL errors): do not echo them to untrusted callers.
 */
public class McpException extends RuntimeException {

    private final String serverName;

    public McpException(String serverName, String message, Throwable cause) {
        super(message, cause);
        this.serverName = serverName;
    }

    public McpException(String serverName, String message) {
        this(serverName, message, null);
    }

    /** The configured name of the MCP server involved. */
    public String getServerName() {
        return serverName;
    }

    /** True when the same call may succeed if retried (the connection was lost or timed out). */
    public boolean isRetryable() {
        return false;
    }
}
