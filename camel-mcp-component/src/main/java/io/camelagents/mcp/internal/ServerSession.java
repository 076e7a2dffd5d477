package io.camelagents.mcp.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.McpTransportType;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One incarnation of a connection: one transport, one SDK client, initialised exactly once. When it fails it is
 * closed and replaced, never re-initialised (re-calling {@code initialize()} on a stdio client leaks processes).
 */
final class ServerSession {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);
    /**
     * The SDK applies one request timeout to every request; the component enforces its own per call, so the SDK's is
     * only a ceiling.
     */
    private static final Duration SDK_REQUEST_TIMEOUT_CEILING = Duration.ofHours(1);
    /** HTTP client threads per session: they only hand answers on (route work runs on the completion pool). */
    private static final int HTTP_THREADS = 4;

    private final McpServerDefinition definition;
    private final McpClientTransport transport;
    private final StdioProcessTransport stdio;
    private final McpAsyncClient client;
    /** The HTTP client's threads (HTTP transports): a few, however many requests are in flight. */
    private final ThreadPoolExecutor httpExecutor;
    private final Sinks.Empty<Void> lostSignal = Sinks.empty();
    private volatile String lostReason;
    private volatile boolean closed;
    private volatile McpSchema.InitializeResult initializeResult;

    ServerSession(McpServerDefinition definition, McpJsonMapper jsonMapper, ExecutorService ioExecutor,
                  SecretMasker masker, Function<McpSchema.ProgressNotification, Mono<Void>> progressConsumer,
                  String clientVersion) {
        this.definition = definition;
        this.httpExecutor = definition.effectiveTransport() == McpTransportType.stdio ? null : httpExecutor(definition.getName());
        this.transport = McpTransportFactory.create(definition, jsonMapper, ioExecutor, httpExecutor, masker, this::markLost);
        this.stdio = transport instanceof StdioProcessTransport s ? s : null;
        Logger serverLog = LoggerFactory.getLogger("io.camelagents.mcp.server." + definition.getName());
        this.client = McpClient.async(transport)
                .requestTimeout(SDK_REQUEST_TIMEOUT_CEILING)
                .initializationTimeout(Duration.ofMillis(definition.getInitializationTimeout()))
                .clientInfo(new McpSchema.Implementation("camel-mcp", clientVersion))
                .progressConsumer(progressConsumer)
                .loggingConsumer(n -> {
                    serverLog.debug("[{} log {}] {}: {}", definition.getName(), n.level(), n.logger(),
                            masker.mask(String.valueOf(n.data())));
                    return Mono.empty();
                })
                .toolsChangeConsumer(tools -> {
                    serverLog.debug("MCP server '{}' changed its tool list ({} tools)", definition.getName(), tools.size());
                    return Mono.empty();
                })
                .build();
    }

    private static ThreadPoolExecutor httpExecutor(String server) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "McpHttp-" + server + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Starts the server (stdio) or connects (HTTP) and runs the initialize handshake. */
    void initialize(Duration timeout) {
        initializeResult = call(client.initialize(), timeout);
        if (stdio != null) {
            stdio.rememberDescendants();
        }
    }

    /**
     * Runs one request with a timeout; fails at once with {@link ServerLostException} if the server goes away
     * meanwhile, instead of waiting for the timeout.
     */
    <T> T call(Mono<T> request, Duration timeout) {
        return callAsync(request, timeout).block();
    }

    /** {@link #call} without waiting: the answer, the timeout or the loss, as a Mono nobody blocks on. */
    <T> Mono<T> callAsync(Mono<T> request, Duration timeout) {
        Mono<T> lost = lostSignal.asMono().then(Mono.error(() -> new ServerLostException(lostReason)));
        // lost first: when the server is already gone the request is not even sent.
        return Mono.firstWithSignal(lost, request).timeout(timeout);
    }

    McpAsyncClient client() {
        return client;
    }

    boolean isUsable() {
        return !closed && lostReason == null && (stdio == null || stdio.isProcessAlive());
    }

    String lostReason() {
        return lostReason;
    }

    McpSchema.InitializeResult initializeResult() {
        return initializeResult;
    }

    long strayStdoutLines() {
        return stdio != null ? stdio.strayStdoutLines() : 0;
    }

    long stderrLines() {
        return stdio != null ? stdio.stderrLines() : 0;
    }

    Long pid() {
        return stdio != null ? stdio.pid() : null;
    }

    private void markLost(String reason) {
        lostReason = reason;
        lostSignal.tryEmitEmpty();
    }

    /** Graceful close (ends pending requests, HTTP DELETE, stdin EOF), then kills the stdio process tree. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        if (stdio != null && (initializeResult == null || lostReason != null)) {
            stdio.closeNow();
        }
        Duration budget = Duration.ofMillis(definition.getShutdownTimeout() + 2000);
        try {
            client.closeGracefully().timeout(budget).block();
        } catch (RuntimeException e) {
            LOG.debug("MCP server '{}': graceful close failed: {}", definition.getName(), e.getMessage());
        } finally {
            if (stdio != null) {
                stdio.close();
            }
            if (httpExecutor != null) {
                httpExecutor.shutdown();
            }
        }
        LOG.debug("Closed session of MCP server '{}' in {} ms", definition.getName(), (System.nanoTime() - start) / 1_000_000);
    }
}
