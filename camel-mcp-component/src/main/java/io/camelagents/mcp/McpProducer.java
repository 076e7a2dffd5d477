package io.camelagents.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import io.camelagents.mcp.internal.McpServerConnection;
import io.camelagents.mcp.model.McpContent;
import io.camelagents.mcp.model.McpProgress;
import io.camelagents.mcp.model.McpPromptResult;
import io.camelagents.mcp.model.McpResourceResult;
import io.camelagents.mcp.model.McpToolResult;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends one MCP request per exchange on the server's shared connection. Asynchronous: no thread waits for an
 * answer; the route continues on the component's small completion pool, so route work never runs on the
 * transport's reading thread.
 */
public class McpProducer extends DefaultAsyncProducer implements RouteIdAware {
    private static final String TOOL_ERROR = "tool_error";
    /** Requests of one producer in flight; a further one fails at once instead of queueing without bound. */
    static final int MAX_IN_FLIGHT = 10_000;

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

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

    /**
     * Sends the request and returns at once; the answer completes the exchange on the component's completion pool
     * (never on the transport's reading thread). The allow-list is checked before anything is sent. Only starting
     * the server (first call, or after it was lost) waits on the caller's thread.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        long started = System.nanoTime();
        Message message = exchange.getMessage();
        String metricName;
        CompletableFuture<MessageFiller> answer;
        if (!inFlight.tryAcquire()) {
            McpException busy = new McpException(endpoint.getServer(), "More than " + MAX_IN_FLIGHT + " requests of "
                    + endpoint.getEndpointUri() + " are in flight to MCP server '" + endpoint.getServer() + "'; try again later");
            exchange.setException(busy);
            record(message.getHeader(McpConstants.TOOL_NAME, endpoint.getToolName(), String.class), started, errorType(busy));
            callback.done(true);
            return true;
        }
        try {
            McpOperation operation = message.getHeader(McpConstants.OPERATION, configuration.getOperation(), McpOperation.class);
            metricName = operation.name();
            if (operation == McpOperation.callTool) {
                String headerTool = message.getHeader(McpConstants.TOOL_NAME, String.class);
                boolean fromHeader = headerTool != null && !headerTool.isBlank();
                String tool = fromHeader ? headerTool : endpoint.getToolName();
                if (tool != null) {
                    metricName = tool;
                }
                answer = callTool(exchange, tool, fromHeader, timeout());
            } else {
                answer = request(exchange, operation, timeout());
            }
        } catch (Exception e) {
            inFlight.release();
            exchange.setException(e);
            record(message.getHeader(McpConstants.TOOL_NAME, endpoint.getToolName(), String.class), started, errorType(e));
            callback.done(true);
            return true;
        }
        String tool = metricName;
        answer.whenCompleteAsync((fill, thrown) -> {
            inFlight.release();
            try {
                if (thrown != null) {
                    Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
                    exchange.setException(cause);
                    record(tool, started, errorType(cause));
                } else {
                    boolean toolError = fill.fill(message);
                    record(tool, started, toolError ? TOOL_ERROR : null);
                }
            } catch (RuntimeException e) {
                exchange.setException(e);
                record(tool, started, errorType(e));
            } finally {
                callback.done(false);
            }
        }, completionExecutor());
        return false;
    }

    /** The component's completion pool; once it is gone (stopping) the exchange finishes where the answer came. */
    private Executor completionExecutor() {
        Executor pool = endpoint.getComponent().completionExecutor();
        return task -> {
            try {
                if (pool == null) {
                    task.run();
                } else {
                    pool.execute(task);
                }
            } catch (RejectedExecutionException stopping) {
                task.run();
            }
        };
    }

    /** The metrics' error type: tool_error for isError results (failOnToolError or not), else the exception's class. */
    private static String errorType(Throwable failure) {
        return failure instanceof McpToolErrorException ? TOOL_ERROR : failure.getClass().getSimpleName();
    }

    private void record(String tool, long started, String errorType) {
        endpoint.getComponent().metrics().callCompleted(endpoint.getServer(), tool != null ? tool
                : configuration.getOperation().name(), System.nanoTime() - started, errorType);
    }

    private Duration timeout() {
        return Duration.ofMillis(configuration.getRequestTimeout() > 0
                ? configuration.getRequestTimeout() : connection.definition().getRequestTimeout());
    }

    /** Starts a request other than callTool; the future's value fills the message. */
    private CompletableFuture<MessageFiller> request(Exchange exchange, McpOperation operation, Duration timeout) {
        Message message = exchange.getMessage();
        McpResultMode mode = configuration.getResultMode();
        McpComponent component = endpoint.getComponent();
        CompletableFuture<MessageFiller> answer = switch (operation) {
            case listTools -> connection.listTools(timeout).thenApply(r -> m -> setBody(m, component.resultMapper().listBody(r, mode)));
            case listResources -> connection.listResources(timeout)
                    .thenApply(r -> m -> setBody(m, component.resultMapper().listBody(r, mode)));
            case listResourceTemplates -> connection.listResourceTemplates(timeout)
                    .thenApply(r -> m -> setBody(m, component.resultMapper().listBody(r, mode)));
            case listPrompts -> connection.listPrompts(timeout).thenApply(r -> m -> setBody(m, component.resultMapper().listBody(r, mode)));
            case readResource -> {
                String uri = message.getHeader(McpConstants.RESOURCE_URI, configuration.getResourceUri(), String.class);
                if (uri == null || uri.isBlank()) {
                    throw new McpConfigurationException(connection.name(), "readResource needs a resource URI: set option resourceUri or header "
                            + McpConstants.RESOURCE_URI);
                }
                yield connection.readResource(uri, timeout)
                        .thenApply(r -> m -> setBody(m, component.resultMapper().resourceBody(r, mode, connection.name())));
            }
            case getPrompt -> {
                String prompt = message.getHeader(McpConstants.PROMPT_NAME, configuration.getPromptName(), String.class);
                if (prompt == null || prompt.isBlank()) {
                    throw new McpConfigurationException(connection.name(), "getPrompt needs a prompt name: set option promptName or header "
                            + McpConstants.PROMPT_NAME);
                }
                Map<String, Object> arguments = component.argumentsResolver().resolve(exchange);
                yield connection.getPrompt(prompt, arguments, timeout).thenApply(r -> m -> setBody(m, component.resultMapper().promptBody(r, mode)));
            }
            // success is the answer; the body is left as it was
            case ping -> connection.ping(timeout).thenApply(r -> m -> false);
            case callTool -> throw new IllegalStateException("callTool is not a plain request");
        };
        return answer.thenApply(fill -> m -> {
            fill.fill(m);
            setServerHeaders(m);
            return false;
        });
    }

    private CompletableFuture<MessageFiller> callTool(Exchange exchange, String tool, boolean fromHeader, Duration timeout) {
        if (tool == null) {
            throw new McpConfigurationException(connection.name(), "No tool to call on MCP server '" + connection.name() + "': use mcp:"
                    + connection.name() + "/<tool> or set header " + McpConstants.TOOL_NAME);
        }
        // Enforced before anything is sent, for URI and header tool names alike.
        connection.policy().check(tool, fromHeader);
        Map<String, Object> arguments = endpoint.getComponent().argumentsResolver().resolve(exchange);

        List<McpProgress> progress;
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
        } else {
            progress = null;
        }
        return connection.callTool(tool, arguments, timeout, progressCallback).thenApply(result -> message -> {
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
                return true;
            }
            message.setBody(endpoint.getComponent().resultMapper().toolBody(result, configuration.getResultMode(),
                    connection.name()));
            setServerHeaders(message);
            return false;
        });
    }

    /** Fills the message from an answer, on the completion pool; true when the tool reported an error (isError). */
    @FunctionalInterface
    private interface MessageFiller {
        boolean fill(Message message);
    }

    private static boolean setBody(Message message, Object body) {
        message.setBody(body);
        return false;
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
