package io.camelagents.mcp.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import io.camelagents.mcp.McpServerDefinition;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * stdio client transport that replaces the SDK's {@code StdioClientTransport}, which passes the whole JVM
 * environment to the child, has no working directory, kills only the direct child, stops reading for good after
 * one non-JSON line and reports a dead server only as timeouts.
 * <p>
 * Here: the child gets only the configured environment plus an allow-list; stray stdout lines are logged (bounded)
 * and skipped; stderr goes to a rate-limited logger; process exit is reported at once through {@code onLost}; close
 * ends stdin, waits, then kills the whole process tree. Reader threads come from the component's Camel-managed pool.
 */
final class StdioProcessTransport implements McpClientTransport {

    private static final Logger LOG = LoggerFactory.getLogger(StdioProcessTransport.class);
    /** Same bound as the SDK: a JSON-RPC message on one line may be large (file contents, query results). */
    private static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    private final McpServerDefinition definition;
    private final McpJsonMapper jsonMapper;
    private final ExecutorService ioExecutor;
    private final Consumer<String> onLost;
    private final SecretMasker masker;
    private final BoundedLineLogger stderrLog;
    private final BoundedLineLogger strayStdoutLog;
    private final AtomicLong strayStdoutLines = new AtomicLong();
    private final AtomicBoolean lost = new AtomicBoolean();
    private final Object writeLock = new Object();

    private volatile Process process;
    private volatile OutputStream stdin;
    private volatile boolean closing;
    private volatile String lostReason;
    /** Descendants seen after start-up: if the wrapper dies abruptly they are re-parented and must still be killed. */
    private volatile List<ProcessHandle> knownDescendants = List.of();

    StdioProcessTransport(McpServerDefinition definition, McpJsonMapper jsonMapper, ExecutorService ioExecutor,
                          SecretMasker masker, Consumer<String> onLost) {
        this.definition = definition;
        this.jsonMapper = jsonMapper;
        this.ioExecutor = ioExecutor;
        this.onLost = onLost;
        this.masker = masker;
        Logger serverLog = LoggerFactory.getLogger("io.camelagents.mcp.server." + definition.getName());
        this.stderrLog = new BoundedLineLogger(serverLog, "[" + definition.getName() + " stderr]", false,
                definition.getStderrLinesPerMinute(), masker);
        this.strayStdoutLog = new BoundedLineLogger(serverLog,
                "[" + definition.getName() + "] ignored a non-JSON-RPC line on stdout (servers must log to stderr):",
                true, 20, masker);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> start(handler));
    }

    private void start(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(definition.getCommand());
        commandLine.addAll(definition.getArgs());
        ProcessBuilder builder = new ProcessBuilder(commandLine);
        buildEnvironment(builder.environment());
        if (definition.getWorkingDir() != null) {
            builder.directory(new File(definition.getWorkingDir()));
        }
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            // Reported through the lost signal, so the pending initialize fails at once with this reason.
            lose("Cannot start " + masker.mask(String.valueOf(commandLine)) + ": " + e.getMessage());
            return;
        }
        this.process = started;
        this.stdin = started.getOutputStream();
        LOG.debug("Started MCP server '{}' (pid {}): {}", definition.getName(), started.pid(),
                masker.mask(String.valueOf(commandLine)));
        ioExecutor.execute(() -> readStdout(started, handler));
        ioExecutor.execute(() -> readStderr(started));
        started.onExit().thenAccept(p -> processExited(p.exitValue()));
    }

    private void buildEnvironment(Map<String, String> environment) {
        // Least privilege: the child sees only what is listed, never the JVM's secrets by accident.
        Map<String, String> jvmEnv = System.getenv();
        List<String> inherit = definition.getInheritEnv();
        if (inherit.contains("*")) {
            environment.putAll(jvmEnv);
        } else {
            environment.clear();
            for (String name : inherit) {
                String value = jvmEnv.get(name);
                if (value != null) {
                    environment.put(name, value);
                }
            }
        }
        environment.putAll(definition.getEnv());
    }

    private void readStdout(Process owner, Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        BoundedLineReader reader = new BoundedLineReader(
                new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8), MAX_LINE_CHARS);
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(jsonMapper, line);
                } catch (Exception notJsonRpc) {
                    // A banner or a stray console.log: skip it instead of losing the session (the SDK's behaviour).
                    strayStdoutLines.incrementAndGet();
                    strayStdoutLog.log(line);
                    continue;
                }
                try {
                    handler.apply(Mono.just(message)).subscribe(ignored -> {
                    }, error -> LOG.warn("MCP server '{}': error handling a message: {}", definition.getName(),
                            error.getMessage()));
                } catch (RuntimeException e) {
                    LOG.warn("MCP server '{}': error handling a message", definition.getName(), e);
                }
            }
            if (!closing) {
                // Usually the process is exiting: prefer reporting its exit code.
                if (owner.waitFor(500, TimeUnit.MILLISECONDS)) {
                    processExited(owner.exitValue());
                } else {
                    lose("the server closed its stdout");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BoundedLineReader.LineTooLongException e) {
            // Cannot resynchronise a JSON-RPC stream reliably: fail loudly and restart on the next call.
            LOG.error("MCP server '{}' sent a stdout line longer than {} characters; killing it", definition.getName(),
                    MAX_LINE_CHARS);
            lose("the server sent a line longer than " + MAX_LINE_CHARS + " characters");
            ProcessTree.destroy(owner.toHandle(), knownDescendants, 500);
        } catch (IOException e) {
            if (!closing) {
                lose("reading the server's stdout failed: " + e.getMessage());
            }
        }
    }

    private void readStderr(Process owner) {
        BoundedLineReader reader = new BoundedLineReader(
                new InputStreamReader(owner.getErrorStream(), StandardCharsets.UTF_8), 64 * 1024);
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                stderrLog.log(line);
            }
        } catch (BoundedLineReader.LineTooLongException e) {
            stderrLog.log("(stderr line over 64 KiB dropped; stopped reading stderr)");
            drain(owner);
        } catch (IOException e) {
            // stream closed with the process: nothing to do
        }
    }

    private static void drain(Process owner) {
        // Keep the pipe empty so the server never blocks on a full stderr buffer.
        byte[] sink = new byte[8192];
        try (var in = owner.getErrorStream()) {
            while (in.read(sink) >= 0) {
                // discard
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    private void processExited(int exitCode) {
        if (closing) {
            return;
        }
        lose("the server process exited with code " + exitCode);
        // Kill what the wrapper left behind (npx -> sh -> node) so nothing keeps running orphaned.
        ProcessTree.destroy(null, knownDescendants, 200);
    }

    private void lose(String reason) {
        if (lost.compareAndSet(false, true) && !closing) {
            lostReason = reason;
            LOG.warn("MCP server '{}' lost: {}", definition.getName(), reason);
            closeStdinQuietly();
            onLost.accept(reason);
        }
    }

    /** Remembers the process tree once the server is up, for killing re-parented children later. */
    void rememberDescendants() {
        Process p = process;
        if (p != null) {
            knownDescendants = p.toHandle().descendants().toList();
        }
    }

    /** False once the direct child has exited, even before the exit callback has run. */
    boolean isProcessAlive() {
        Process p = process;
        return p != null && p.isAlive() && !lost.get();
    }

    long strayStdoutLines() {
        return strayStdoutLines.get();
    }

    long stderrLines() {
        return stderrLog.total();
    }

    Long pid() {
        Process p = process;
        return p != null ? p.pid() : null;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            OutputStream out = stdin;
            Process p = process;
            if (out == null || p == null || !p.isAlive() || lost.get()) {
                String reason = lostReason;
                throw new ServerLostException(reason != null ? reason : "the server process is not running");
            }
            try {
                byte[] json = jsonMapper.writeValueAsBytes(message);
                synchronized (writeLock) {
                    out.write(json);
                    out.write('\n');
                    out.flush();
                }
            } catch (IOException e) {
                throw new McpTransportException("Writing to MCP server '" + definition.getName() + "' failed: "
                        + e.getMessage(), e);
            }
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::shutdown);
    }

    @Override
    public void close() {
        shutdown(definition.getShutdownTimeout());
    }

    /** For a server that never initialised or already died: no point waiting for a graceful exit. */
    void closeNow() {
        shutdown(0);
    }

    private void shutdown() {
        shutdown(definition.getShutdownTimeout());
    }

    /** Close stdin (well-behaved servers exit on EOF), wait up to graceMillis, then kill the whole tree. */
    private synchronized void shutdown(long graceMillis) {
        closing = true;
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(knownDescendants);
        if (p.isAlive()) {
            tree.addAll(p.toHandle().descendants().toList());
        }
        closeStdinQuietly();
        try {
            p.waitFor(graceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessTree.destroy(p.toHandle(), tree, 1000);
    }

    private void closeStdinQuietly() {
        OutputStream out = stdin;
        if (out != null) {
            try {
                synchronized (writeLock) {
                    out.close();
                }
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return jsonMapper.convertValue(data, typeRef);
    }
}
