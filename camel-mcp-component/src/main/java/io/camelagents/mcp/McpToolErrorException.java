package io.camelagents.mcp;

import io.camelagents.mcp.model.McpToolResult;

/**
 * The tool ran and reported a failure ({@code isError = true}), e.g. a bad argument or a refused SQL statement.
 * Raised only when {@code failOnToolError=true} (the default); the result stays available here.
 */
public class McpToolErrorException extends McpException {

    private final String toolName;
    private final transient McpToolResult result;

    public McpToolErrorException(String serverName, String toolName, McpToolResult result) {
        super(serverName, "Tool '" + toolName + "' on MCP server '" + serverName + "' reported an error: "
                + abbreviate(result.text()));
        this.toolName = toolName;
        this.result = result;
    }

    public String getToolName() {
        return toolName;
    }

    public McpToolResult getResult() {
        return result;
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
