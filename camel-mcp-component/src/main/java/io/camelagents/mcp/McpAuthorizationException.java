package io.camelagents.mcp;

/**
 * The HTTP server refused the credentials (401) or the permission (403). {@code WWW-Authenticate} tells what it
 * expects (for OAuth, where to find its Protected Resource Metadata).
 */
public class McpAuthorizationException extends McpException {

    private final int statusCode;
    private final String wwwAuthenticate;

    public McpAuthorizationException(String serverName, int statusCode, String wwwAuthenticate, Throwable cause) {
        super(serverName, "MCP server '" + serverName + "' refused the request with HTTP " + statusCode
                + (wwwAuthenticate != null ? " (WWW-Authenticate: " + wwwAuthenticate + ")" : ""), cause);
        this.statusCode = statusCode;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    public int getStatusCode() {
        return statusCode;
    }

    /** The {@code WWW-Authenticate} response header, or null. */
    public String getWwwAuthenticate() {
        return wwwAuthenticate;
    }
}
