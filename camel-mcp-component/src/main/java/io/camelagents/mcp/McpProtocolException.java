package io.camelagents.mcp;

/**
 * The server answered with a JSON-RPC error: -32602 invalid params or unknown tool, -32601 method not supported,
 * -32603 internal error (a server-side exception), -32002 resource not found.
 */
public class McpProtocolException extends McpException {

    private final int code;
    private final transient Object data;

    public McpProtocolException(String serverName, String operation, int code, String message, Object data,
                                Throwable cause) {
        super(serverName, "MCP server '" + serverName + "' rejected " + operation + " with JSON-RPC error " + code
                + ": " + message, cause);
        this.code = code;
        this.data = data;
    }

    /** The JSON-RPC error code. */
    public int getCode() {
        return code;
    }

    /** The error's optional {@code data} member. */
    public Object getData() {
        return data;
    }
}
