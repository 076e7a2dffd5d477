package io.camelagents.mcp.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An npm MCP server started in HTTP mode by the test, listening on 127.0.0.1 only, stopped with its process tree.
 */
public final class NodeHttpServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    public NodeHttpServerProcess(Path entry, List<String> args, Map<String, String> env) throws Exception {
        this.port = NpmServers.freePort();
        Path preload = Path.of("target", "test-node", "loopback-only.cjs").toAbsolutePath();
        Files.createDirectories(preload.getParent());
        try (InputStream in = NodeHttpServerProcess.class.getResourceAsStream("/node/loopback-only.cjs")) {
            Files.copy(in, preload, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new java.util.ArrayList<>(List.of(NpmServers.node(), "-r", preload.toString(),
                entry.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().put("PORT", String.valueOf(port));
        builder.redirectErrorStream(true).redirectOutput(Path.of("target", "node-http-" + port + ".log").toFile());
        process = builder.start();
        awaitPort(30_000);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitPort(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("HTTP MCP server exited with " + process.exitValue() + ", see target/node-http-" + port + ".log");
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("HTTP MCP server did not listen on 127.0.0.1:" + port + " within " + millis + " ms");
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
