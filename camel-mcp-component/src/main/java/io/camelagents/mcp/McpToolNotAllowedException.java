package io.camelagents.mcp;

/**
 * The tool is not permitted by the server's {@code allowedTools} / {@code deniedTools}. Raised before anything is
 * sent to the server.
 */
public class McpToolNotAllowedException extends McpException {

    private final String toolName;

    public McpToolNotAllowedException(String serverName, String toolName, String reason) {
        super(serverName, "Tool '" + toolName + "' is not allowed on MCP server '" + serverName + "': " + reason);
        this.toolName = toolName;
    }

    public String getToolName() {
        return toolName;
    }
}
