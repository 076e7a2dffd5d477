package io.camelagents.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.camelagents.mcp.internal.McpServerConnection;
import io.camelagents.mcp.model.McpContent;
import io.camelagents.mcp.model.McpProgress;
import io.camelagents.mcp.model.McpPromptResult;
import io.camelagents.mcp.model.McpResourceResult;
import io.camelagents.mcp.model.McpToolResult;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultProducer;

/**
 * Sends one MCP request per exchange on the server's shared connection. Synchronous on purpose: the caller's thread
 * waits for the answer, so no extra threads and no route work ever runs on the transport's reading thread.
 */
public class McpProducer extends DefaultProducer implements RouteIdAware {

    private final McpEndpoint endpoint;
    private final McpConfiguration configuration;
    private McpServerConnection connection;
    private McpProducerHealthCheck healthCheck;
    private WritableHealthCheckRepository healthCheckRepository;
    private String routeId;

    public McpProducer(McpEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = endpoint.getComponent().connection(endpoint.getServer());
        healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthCheckRepository != null) {
            healthCheck = new McpProducerHealthCheck(connection, routeId != null ? routeId : endpoint.getServer());
            healthCheck.setEnabled(endpoint.getComponent().isHealthCheckProducerEnabled());
            healthCheckRepository.addHealthCheck(healthCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheckRepository != null && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
        }
        // The connection belongs to the component: other endpoints may still use it.
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        McpOperation operation = message.getHeader(McpConstants.OPERATION, configuration.getOperation(), McpOperation.class);
        Duration timeout = Duration.ofMillis(configuration.getRequestTimeout() > 0
                ? configuration.getRequestTimeout() : connection.definition().getRequestTimeout());
        McpResultMode mode = configuration.getResultMode();
        McpComponent component = endpoint.getComponent();
        switch (operation) {
            case callTool -> callTool(exchange, timeout);
            case listTools -> message.setBody(component.resultMapper().listBody(connection.listTools(timeout), mode));
            case listResources -> message.setBody(component.resultMapper().listBody(connection.listResources(timeout), mode));
            case listResourceTemplates -> message.setBody(
                    component.resultMapper().listBody(connection.listResourceTemplates(timeout), mode));
            case listPrompts -> message.setBody(component.resultMapper().listBody(connection.listPrompts(timeout), mode));
            case readResource -> {
                String uri = message.getHeader(McpConstants.RESOURCE_URI, configuration.getResourceUri(), String.class);
                if (uri == null || uri.isBlank()) {
                    throw new McpConfigurationException(connection.name(), "readResource needs a resource URI: set option resourceUri or header "
                            + McpConstants.RESOURCE_URI);
                }
                McpResourceResult result = connection.readResource(uri, timeout);
                message.setBody(component.resultMapper().resourceBody(result, mode, connection.name()));
            }
            case getPrompt -> {
                String prompt = message.getHeader(McpConstants.PROMPT_NAME, configuration.getPromptName(), String.class);
                if (prompt == null || prompt.isBlank()) {
                    throw new McpConfigurationException(connection.name(), "getPrompt needs a prompt name: set option promptName or header "
                            + McpConstants.PROMPT_NAME);
                }
                Map<String, Object> arguments = component.argumentsResolver().resolve(exchange);
                McpPromptResult result = connection.getPrompt(prompt, arguments, timeout);
                message.setBody(component.resultMapper().promptBody(result, mode));
            }
            case ping -> connection.ping(timeout); // success is the answer; the body is left as it was
        }
        setServerHeaders(message);
    }

    private void callTool(Exchange exchange, Duration timeout) {
        Message message = exchange.getMessage();
        String headerTool = message.getHeader(McpConstants.TOOL_NAME, String.class);
        boolean fromHeader = headerTool != null && !headerTool.isBlank();
        String tool = fromHeader ? headerTool : endpoint.getToolName();
        if (tool == null) {
            throw new McpConfigurationException(connection.name(), "No tool to call on MCP server '" + connection.name() + "': use mcp:"
                    + connection.name() + "/<tool> or set header " + McpConstants.TOOL_NAME);
        }
        // Enforced before anything is sent, for URI and header tool names alike.
        connection.policy().check(tool, fromHeader);
        Map<String, Object> arguments = endpoint.getComponent().argumentsResolver().resolve(exchange);

        List<McpProgress> progress = null;
        Consumer<McpProgress> progressCallback = null;
        McpProgressListener listener = configuration.getProgressListener();
        if (configuration.isTrackProgress() || listener != null) {
            List<McpProgress> collected = new CopyOnWriteArrayList<>();
            progress = collected;
            progressCallback = p -> {
                collected.add(p);
                if (listener != null) {
                    listener.onProgress(exchange, p);
                }
            };
        }

        McpToolResult result = connection.callTool(tool, arguments, timeout, progressCallback);

        message.setHeader(McpConstants.TOOL, tool);
        message.setHeader(McpConstants.IS_ERROR, result.error());
        message.setHeader(McpConstants.CONTENT_TYPES, result.content().stream().map(McpContent::type).toList());
        if (result.structuredContent() != null) {
            message.setHeader(McpConstants.STRUCTURED_CONTENT, result.structuredContent());
        } else {
            message.removeHeader(McpConstants.STRUCTURED_CONTENT);
        }
        if (progress != null) {
            message.setHeader(McpConstants.PROGRESS, List.copyOf(progress));
        }
        if (result.error()) {
            setServerHeaders(message);
            if (configuration.isFailOnToolError()) {
                throw new McpToolErrorException(connection.name(), tool, result);
            }
            // Error text is what the caller can act on; json parsing of an error message would fail.
            message.setBody(configuration.getResultMode() == McpResultMode.raw ? result : result.text());
            return;
        }
        message.setBody(endpoint.getComponent().resultMapper().toolBody(result, configuration.getResultMode(),
                connection.name()));
    }

    private void setServerHeaders(Message message) {
        message.setHeader(McpConstants.SERVER, connection.name());
        message.setHeader(McpConstants.PROTOCOL_VERSION, connection.protocolVersion());
        message.setHeader(McpConstants.SERVER_INFO, connection.serverInfo());
    }

    @Override
    public String getRouteId() {
        return routeId;
    }

    @Override
    public void setRouteId(String routeId) {
        this.routeId = routeId;
    }
}
