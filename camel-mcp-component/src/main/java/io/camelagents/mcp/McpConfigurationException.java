package io.camelagents.mcp;

/**
 * The component, an endpoint or a server definition is configured wrongly (unknown option, invalid URL, duration or
 * URI). Raised at start-up or when the endpoint is created, never fixed by retrying; the message says what to fix.
 */
public class McpConfigurationException extends McpException {

    public McpConfigurationException(String serverName, String message, Throwable cause) {
        super(serverName, message, cause);
    }

    public McpConfigurationException(String serverName, String message) {
        this(serverName, message, null);
    }
}
