package io.camelagents.mcp;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Endpoint options of {@code mcp:}. The component holds one as defaults for all its endpoints.
 */
@UriParams
public class McpConfiguration implements Cloneable {

    @UriParam(label = "producer", defaultValue = "callTool",
              description = "What to do: callTool (default, needs a tool name), listTools, listResources,"
                      + " readResource, listResourceTemplates, listPrompts, getPrompt or ping.")
    private McpOperation operation = McpOperation.callTool;

    @UriParam(label = "producer", defaultValue = "text",
              description = "How the result becomes the body: text (text blocks joined by newline), json (the text"
                      + " parsed as JSON), structured (the tool's structuredContent) or raw (the component's result"
                      + " object).")
    private McpResultMode resultMode = McpResultMode.text;

    @UriParam(label = "producer", defaultValue = "true",
              description = "Throw McpToolErrorException when the tool reports isError=true. When false the"
                      + " exchange continues with header CamelMcpIsError=true and the error text as body.")
    private boolean failOnToolError = true;

    @UriParam(label = "producer",
              description = "Per-call timeout: 30s, 2m, 1h30m, 500ms, PT30S or milliseconds; 0 (default) uses the"
                      + " server's requestTimeout.",
              javaType = "java.time.Duration")
    private long requestTimeout;

    @UriParam(label = "producer",
              description = "Resource URI for readResource (header CamelMcpResourceUri overrides it).")
    private String resourceUri;

    @UriParam(label = "producer",
              description = "Prompt name for getPrompt (header CamelMcpPromptName overrides it).")
    private String promptName;

    @UriParam(label = "producer", defaultValue = "false",
              description = "Ask the server for progress notifications during tool calls; they are collected in"
                      + " header CamelMcpProgress and passed to the progressListener.")
    private boolean trackProgress;

    @UriParam(label = "producer,advanced",
              description = "Receives each progress notification as it arrives (implies trackProgress).")
    @Metadata(autowired = false)
    private McpProgressListener progressListener;

    public McpConfiguration copy() {
        try {
            return (McpConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public McpOperation getOperation() {
        return operation;
    }

    public void setOperation(McpOperation operation) {
        this.operation = operation;
    }

    public McpResultMode getResultMode() {
        return resultMode;
    }

    public void setResultMode(McpResultMode resultMode) {
        this.resultMode = resultMode;
    }

    public boolean isFailOnToolError() {
        return failOnToolError;
    }

    public void setFailOnToolError(boolean failOnToolError) {
        this.failOnToolError = failOnToolError;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public String getResourceUri() {
        return resourceUri;
    }

    public void setResourceUri(String resourceUri) {
        this.resourceUri = resourceUri;
    }

    public String getPromptName() {
        return promptName;
    }

    public void setPromptName(String promptName) {
        this.promptName = promptName;
    }

    public boolean isTrackProgress() {
        return trackProgress;
    }

    public void setTrackProgress(boolean trackProgress) {
        this.trackProgress = trackProgress;
    }

    public McpProgressListener getProgressListener() {
        return progressListener;
    }

    public void setProgressListener(McpProgressListener progressListener) {
        this.progressListener = progressListener;
    }
}
