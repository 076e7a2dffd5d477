package io.camelagents.mcp;

import org.apache.camel.spi.Metadata;

/**
 * Message headers read and written by the {@code mcp:} producer.
 */
public final class McpConstants {

    // ---- in ----
    @Metadata(label = "producer", description = "Overrides the endpoint's operation for this message.",
              javaType = "io.camelagents.mcp.McpOperation")
    public static final String OPERATION = "CamelMcpOperation";
    @Metadata(label = "producer", description = "Tool to call instead of the one in the URI. Header-supplied names"
            + " must be in the server's allowedTools (deny by default).", javaType = "String")
    public static final String TOOL_NAME = "CamelMcpToolName";
    @Metadata(label = "producer", description = "Tool or prompt arguments (Map, JSON object string or POJO); when"
            + " absent the message body is used.", javaType = "Object")
    public static final String ARGUMENTS = "CamelMcpArguments";
    @Metadata(label = "producer", description = "URI of the resource to read (readResource).", javaType = "String")
    public static final String RESOURCE_URI = "CamelMcpResourceUri";
    @Metadata(label = "producer", description = "Name of the prompt to render (getPrompt).", javaType = "String")
    public static final String PROMPT_NAME = "CamelMcpPromptName";

    // ---- out ----
    @Metadata(label = "producer", description = "The configured name of the server that answered.", javaType = "String")
    public static final String SERVER = "CamelMcpServer";
    @Metadata(label = "producer", description = "The tool that was called.", javaType = "String")
    public static final String TOOL = "CamelMcpTool";
    @Metadata(label = "producer", description = "True when the tool reported an error (MCP isError; absent means"
            + " false).", javaType = "Boolean", important = true)
    public static final String IS_ERROR = "CamelMcpIsError";
    @Metadata(label = "producer", description = "The tool's structured content (usually a Map), when it sent one.",
              javaType = "Object")
    public static final String STRUCTURED_CONTENT = "CamelMcpStructuredContent";
    @Metadata(label = "producer", description = "The types of the result's content blocks, in order (text, image,"
            + " audio, resource, resource_link).", javaType = "java.util.List<String>")
    public static final String CONTENT_TYPES = "CamelMcpContentTypes";
    @Metadata(label = "producer", description = "The MCP protocol version negotiated with the server.",
              javaType = "String")
    public static final String PROTOCOL_VERSION = "CamelMcpProtocolVersion";
    @Metadata(label = "producer", description = "The server's self-description, name/version.", javaType = "String")
    public static final String SERVER_INFO = "CamelMcpServerInfo";
    @Metadata(label = "producer", description = "Progress notifications received during the call (trackProgress=true).",
              javaType = "java.util.List<io.camelagents.mcp.model.McpProgress>")
    public static final String PROGRESS = "CamelMcpProgress";

    private McpConstants() {
    }
}
