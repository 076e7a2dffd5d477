package io.camelagents.mcp;

import java.util.Map;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Calls tools, reads resources and renders prompts of Model Context Protocol (MCP) servers defined on the
 * component, over stdio or streamable HTTP.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "mcp", title = "MCP Client", syntax = "mcp:server/toolName",
             producerOnly = true, remote = true, category = { Category.AI }, headersClass = McpConstants.class)
public class McpEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    @UriPath(description = "Name of an MCP server defined on the component (camel.component.mcp.servers.NAME.OPTION"
            + " properties, a McpServerDefinition bean or the servers file).")
    @Metadata(required = true)
    private String server;

    @UriPath(description = "The tool to call (operation callTool): 1 to 128 letters, digits, underscore, dash or dot.")
    private String toolName;

    @UriParam
    private McpConfiguration configuration;

    public McpEndpoint(String uri, McpComponent component, McpConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public McpComponent getComponent() {
        return (McpComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new McpProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The mcp component is a client: it can only send (to), not consume (from)");
    }

    @Override
    public String getServiceUrl() {
        McpServerDefinition definition = getComponent().getServerDefinition(server);
        if (definition == null) {
            return null;
        }
        return definition.effectiveTransport() == McpTransportType.stdio
                ? "stdio:" + definition.getCommand()
                : definition.describeEndpoint();
    }

    @Override
    public String getServiceProtocol() {
        McpServerDefinition definition = getComponent().getServerDefinition(server);
        return definition != null ? "mcp-" + definition.effectiveTransport() : "mcp";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        return toolName != null ? Map.of("server", server, "tool", toolName) : Map.of("server", server);
    }

    public String getServer() {
        return server;
    }

    public void setServer(String server) {
        this.server = server;
    }

    public String getToolName() {
        return toolName;
    }

    public void setToolName(String toolName) {
        this.toolName = toolName;
    }

    public McpConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(McpConfiguration configuration) {
        this.configuration = configuration;
    }
}
