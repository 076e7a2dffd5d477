package io.camelagents.mcp;

/**
 * What an {@code mcp:} endpoint does. {@code callTool} is the default and the only one that needs a tool name.
 */
public enum McpOperation {
    callTool,
    listTools,
    listResources,
    readResource,
    listResourceTemplates,
    listPrompts,
    getPrompt,
    ping
}
