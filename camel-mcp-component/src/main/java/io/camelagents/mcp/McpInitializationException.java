package io.camelagents.mcp;

/**
 * The server could not be started or did not complete the MCP {@code initialize} handshake (wrong command, missing
 * package, crash at start-up, handshake timeout). The half-started client has been closed; the next call retries
 * from scratch.
 */
public class McpInitializationException extends McpException {

    public McpInitializationException(String serverName, String message, Throwable cause) {
        super(serverName, message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
