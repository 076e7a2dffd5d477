package io.camelagents.mcp;

/**
 * How the result of a tool call (or a resource read, or a prompt) becomes the message body.
 */
public enum McpResultMode {
    /** The text content blocks joined with a newline (the default): what a person or an LLM reads. */
    text,
    /** The text content parsed as JSON into Map / List / scalar, for servers answering JSON in text (dbhub). */
    json,
    /** The tool's structuredContent (Map), or null when the server sent none. */
    structured,
    /** The full result as a component model object (McpToolResult, McpResourceResult, McpPromptResult). */
    raw
}
