package io.camelagents.mcp.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import io.camelagents.mcp.McpAuthorizationException;
import io.camelagents.mcp.McpException;
import io.camelagents.mcp.McpInitializationException;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.McpTransportException;
import io.camelagents.mcp.model.McpProgress;
import io.camelagents.mcp.model.McpPromptInfo;
import io.camelagents.mcp.model.McpPromptResult;
import io.camelagents.mcp.model.McpResourceInfo;
import io.camelagents.mcp.model.McpResourceResult;
import io.camelagents.mcp.model.McpResourceTemplateInfo;
import io.camelagents.mcp.model.McpToolInfo;
import io.camelagents.mcp.model.McpToolResult;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The single, shared client of one named MCP server: lazy start, one initialisation at a time, replacement of a
 * lost or failed session, and all requests. Only component model types cross its public methods.
 */
public final class McpServerConnection {

    private static final Logger LOG = LoggerFactory.getLogger(McpServerConnection.class);
    /** Bounds list pagination against a server that keeps returning a cursor. */
    private static final int MAX_PAGES = 1000;

    private final McpServerDefinition definition;
    private final McpJsonMapper jsonMapper;
    private final ExecutorService ioExecutor;
    private final SecretMasker masker;
    private final String clientVersion;
    /** Where the server is, for messages: the full HTTP address or the command. */
    private final String target;
    private final ToolAccessPolicy policy;
    private final Map<String, Consumer<McpSchema.ProgressNotification>> progressHandlers = new ConcurrentHashMap<>();
    private final AtomicLong progressTokens = new AtomicLong();
    private final Object lifecycleLock = new Object();

    private final AtomicLong sessionsStarted = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong strayStdoutLinesOfClosedSessions = new AtomicLong();
    private final AtomicLong stderrLinesOfClosedSessions = new AtomicLong();
    private volatile ServerSession current;
    private volatile boolean stopped;
    private volatile String lastError;
    private volatile Instant lastErrorTime;
    private volatile boolean lastAttemptFailed;
    private volatile Runnable onRestarted = () -> { };

    public McpServerConnection(McpServerDefinition definition, McpJsonMapper jsonMapper, ExecutorService ioExecutor,
                               String clientVersion) {
        this.definition = definition;
        this.jsonMapper = jsonMapper;
        this.ioExecutor = ioExecutor;
        this.clientVersion = clientVersion;
        this.masker = SecretMasker.of(definition);
        this.target = describeTarget();
        this.policy = new ToolAccessPolicy(definition);
    }

    /** Runs each time a session starts after the first (the restart meter). */
    public void onRestarted(Runnable listener) {
        this.onRestarted = listener;
    }

    public String name() {
        return definition.getName();
    }

    public McpServerDefinition definition() {
        return definition;
    }

    public ToolAccessPolicy policy() {
        return policy;
    }

    /** Connects now (at component start unless lazyStart=true); throws when the server cannot be started. */
    public void connect() {
        session();
    }

    /**
     * Calls a tool without waiting: the future completes with the result or a mapped {@link McpException} on the
     * thread that saw the answer (a transport thread: hand route work elsewhere). Only starting the server, the
     * first time or after it was lost, waits on the caller's thread.
     */
    public CompletableFuture<McpToolResult> callTool(String toolName, Map<String, Object> arguments, Duration timeout,
                                                     Consumer<McpProgress> progressListener) {
        return execute("tools/call " + toolName, timeout, session -> {
            McpSchema.CallToolRequest.Builder request = McpSchema.CallToolRequest.builder(toolName).arguments(arguments);
            String token;
            if (progressListener != null) {
                token = "camel-mcp-" + progressTokens.incrementAndGet();
                request.progressToken(token);
                progressHandlers.put(token, n -> progressListener.accept(
                        new McpProgress(name(), toolName, n.progress() != null ? n.progress() : 0, n.total(), n.message())));
            } else {
                token = null;
            }
            return session.callAsync(session.client().callTool(request.build()), timeout).map(SdkModelMapper::toolResult)
                    .doFinally(signal -> {
                        if (token != null) {
                            progressHandlers.remove(token);
                        }
                    });
        });
    }

    /** The tools the server offers, minus those the allow-list / deny-list hide. */
    public CompletableFuture<List<McpToolInfo>> listTools(Duration timeout) {
        return execute("tools/list", timeout, session -> paginate(
                cursor -> session.callAsync(session.client().listTools(cursor), timeout),
                McpSchema.ListToolsResult::nextCursor,
                r -> r.tools().stream().filter(t -> policy.isVisible(t.name())).map(SdkModelMapper::tool).toList()));
    }

    public CompletableFuture<List<McpResourceInfo>> listResources(Duration timeout) {
        return execute("resources/list", timeout, session -> paginate(
                cursor -> session.callAsync(session.client().listResources(cursor), timeout),
                McpSchema.ListResourcesResult::nextCursor,
                r -> r.resources().stream().map(SdkModelMapper::resource).toList()));
    }

    public CompletableFuture<List<McpResourceTemplateInfo>> listResourceTemplates(Duration timeout) {
        return execute("resources/templates/list", timeout, session -> paginate(
                cursor -> session.callAsync(session.client().listResourceTemplates(cursor), timeout),
                McpSchema.ListResourceTemplatesResult::nextCursor,
                r -> r.resourceTemplates().stream().map(SdkModelMapper::resourceTemplate).toList()));
    }

    public CompletableFuture<McpResourceResult> readResource(String uri, Duration timeout) {
        return execute("resources/read " + uri, timeout, session -> session.callAsync(
                session.client().readResource(new McpSchema.ReadResourceRequest(uri)), timeout)
                .map(r -> SdkModelMapper.resourceResult(uri, r)));
    }

    public CompletableFuture<List<McpPromptInfo>> listPrompts(Duration timeout) {
        return execute("prompts/list", timeout, session -> paginate(
                cursor -> session.callAsync(session.client().listPrompts(cursor), timeout),
                McpSchema.ListPromptsResult::nextCursor,
                r -> r.prompts().stream().map(SdkModelMapper::prompt).toList()));
    }

    public CompletableFuture<McpPromptResult> getPrompt(String promptName, Map<String, Object> arguments, Duration timeout) {
        return execute("prompts/get " + promptName, timeout, session -> session.callAsync(
                session.client().getPrompt(new McpSchema.GetPromptRequest(promptName, arguments)), timeout)
                .map(SdkModelMapper::promptResult));
    }

    public CompletableFuture<Void> ping(Duration timeout) {
        return execute("ping", timeout, session -> session.callAsync(session.client().ping().then(Mono.just(Boolean.TRUE)), timeout))
                .thenApply(ok -> null);
    }

    /** Fetches page after page (each with its own timeout) without waiting; at most {@link #MAX_PAGES}. */
    private <R, T> Mono<List<T>> paginate(Function<String, Mono<R>> fetchPage, Function<R, String> nextCursor,
                                          Function<R, List<T>> items) {
        List<T> all = new ArrayList<>();
        return page(fetchPage, nextCursor, items, all, null, 0);
    }

    private <R, T> Mono<List<T>> page(Function<String, Mono<R>> fetchPage, Function<R, String> nextCursor,
                                      Function<R, List<T>> items, List<T> all, String cursor, int page) {
        if (page >= MAX_PAGES) {
            return Mono.error(new McpException(name(), "MCP server '" + name() + "' returned more than " + MAX_PAGES + " pages"));
        }
        return fetchPage.apply(cursor).flatMap(result -> {
            all.addAll(items.apply(result));
            String next = nextCursor.apply(result);
            return next == null || next.isEmpty() ? Mono.just(all) : page(fetchPage, nextCursor, items, all, next, page + 1);
        });
    }

    private <T> CompletableFuture<T> execute(String operation, Duration timeout, Function<ServerSession, Mono<T>> work) {
        ServerSession session;
        Mono<T> request;
        try {
            session = session();
            request = work.apply(session);
        } catch (Throwable thrown) {
            return CompletableFuture.failedFuture(McpErrorMapper.map(thrown, name(), operation, timeout, target, masker));
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        request.subscribe(result -> {
            lastAttemptFailed = false;
            answer.complete(result);
        }, thrown -> {
            McpException mapped = McpErrorMapper.map(thrown, name(), operation, timeout, target, masker);
            if (mapped instanceof McpTransportException) {
                // Connection is gone or unusable: drop it so the next call starts a fresh one.
                discard(session);
                recordFailure(mapped);
            }
            answer.completeExceptionally(mapped);
        }, () -> {
            if (!answer.isDone()) { // an empty answer (ping maps to TRUE, so only a broken server gets here)
                answer.completeExceptionally(new McpException(name(), "MCP " + operation + " on server '" + name()
                        + "' ended without an answer"));
            }
        });
        return answer;
    }

    /** The current initialised session, starting a new one when there is none or the last one was lost. */
    private ServerSession session() {
        ServerSession session = current;
        if (session != null && session.isUsable()) {
            return session;
        }
        synchronized (lifecycleLock) {
            if (stopped) {
                throw new McpTransportException(name(), "The mcp component is stopped; MCP server '" + name()
                        + "' is closed", null);
            }
            session = current;
            if (session != null && session.isUsable()) {
                return session;
            }
            if (session != null) {
                LOG.info("Restarting MCP server '{}' after: {}", name(),
                        session.lostReason() != null ? session.lostReason() : "its process exited");
                current = null;
                closeQuietly(session);
            }
            Duration initTimeout = Duration.ofMillis(definition.getInitializationTimeout());
            ServerSession fresh = new ServerSession(definition, jsonMapper, ioExecutor, masker, this::onProgress,
                    clientVersion);
            try {
                fresh.initialize(initTimeout);
            } catch (Throwable thrown) {
                // Never retry initialize() on the same client: close it and build a new one next time.
                closeQuietly(fresh);
                McpException mapped = McpErrorMapper.map(thrown, name(), "initialize", initTimeout, target, masker);
                McpException failure = mapped instanceof McpAuthorizationException ? mapped
                        : new McpInitializationException(name(), "Could not start MCP server '" + name() + "' ("
                                + target + "): " + masker.mask(mapped.getMessage()), mapped);
                recordFailure(failure);
                throw failure;
            }
            if (sessionsStarted.incrementAndGet() > 1) {
                onRestarted.run(); // a new child process / HTTP session after the first one
            }
            lastAttemptFailed = false;
            McpSchema.InitializeResult init = fresh.initializeResult();
            LOG.info("Connected to MCP server '{}' ({} {}, protocol {}{})", name(), init.serverInfo().name(),
                    init.serverInfo().version(), init.protocolVersion(),
                    fresh.pid() != null ? ", pid " + fresh.pid() : "");
            current = fresh;
            return fresh;
        }
    }

    private void discard(ServerSession session) {
        synchronized (lifecycleLock) {
            if (current != session) {
                return; // already replaced and closed by session()
            }
            current = null;
        }
        try {
            // Closing may wait for an unresponsive HTTP server: keep the failing caller fast.
            ioExecutor.execute(() -> closeQuietly(session));
        } catch (RejectedExecutionException e) {
            closeQuietly(session);
        }
    }

    private void closeQuietly(ServerSession session) {
        strayStdoutLinesOfClosedSessions.addAndGet(session.strayStdoutLines());
        stderrLinesOfClosedSessions.addAndGet(session.stderrLines());
        try {
            session.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing MCP server '{}' failed: {}", name(), e.getMessage());
        }
    }

    private void onProgressNotification(McpSchema.ProgressNotification notification) {
        Consumer<McpSchema.ProgressNotification> handler = progressHandlers.get(String.valueOf(notification.progressToken()));
        if (handler != null) {
            try {
                handler.accept(notification);
            } catch (RuntimeException e) {
                LOG.warn("Progress listener of MCP server '{}' failed: {}", name(), e.getMessage());
            }
        }
    }

    private Mono<Void> onProgress(McpSchema.ProgressNotification notification) {
        onProgressNotification(notification);
        return Mono.empty();
    }

    private void recordFailure(McpException failure) {
        failures.incrementAndGet();
        lastAttemptFailed = true;
        lastError = failure.getMessage();
        lastErrorTime = Instant.now();
    }

    private String describeTarget() {
        return switch (definition.effectiveTransport()) {
            case stdio -> "command " + masker.mask(definition.getCommand());
            case streamableHttp, sse -> masker.mask(definition.describeEndpoint());
        };
    }

    /** Closes the current session gracefully and refuses new ones. */
    public void stop() {
        ServerSession session;
        synchronized (lifecycleLock) {
            stopped = true;
            session = current;
            current = null;
        }
        if (session != null) {
            closeQuietly(session);
        }
    }

    // ---- status, for the health check and tests ----

    /** notStarted, connected, disconnected (lost, restarts on next call), failed (last attempt failed) or stopped. */
    public String state() {
        if (stopped) {
            return "stopped";
        }
        ServerSession session = current;
        if (lastAttemptFailed) {
            return "failed";
        }
        if (session == null) {
            return sessionsStarted.get() == 0 ? "notStarted" : "disconnected";
        }
        return session.isUsable() ? "connected" : "disconnected";
    }

    public boolean isLastAttemptFailed() {
        return lastAttemptFailed;
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastErrorTime() {
        return lastErrorTime;
    }

    public long sessionsStarted() {
        return sessionsStarted.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Lines the stdio server wrote on stderr (logged or suppressed), over all sessions. */
    public long stderrLines() {
        ServerSession session = current;
        return stderrLinesOfClosedSessions.get() + (session != null ? session.stderrLines() : 0);
    }

    /** Non-JSON lines the stdio server printed on stdout (skipped), over all sessions. */
    public long strayStdoutLines() {
        ServerSession session = current;
        return strayStdoutLinesOfClosedSessions.get() + (session != null ? session.strayStdoutLines() : 0);
    }

    /** The negotiated protocol version of the current session, or null. */
    public String protocolVersion() {
        ServerSession session = current;
        return session != null && session.initializeResult() != null ? session.initializeResult().protocolVersion() : null;
    }

    /** "name/version" as the server reported it, or null. */
    public String serverInfo() {
        ServerSession session = current;
        if (session == null || session.initializeResult() == null) {
            return null;
        }
        McpSchema.Implementation info = session.initializeResult().serverInfo();
        return info.name() + "/" + info.version();
    }

    /** PID of the current stdio process (the direct child), or null. */
    public Long pid() {
        ServerSession session = current;
        return session != null ? session.pid() : null;
    }
}
