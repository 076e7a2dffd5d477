package io.camelagents.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelagents.mcp.internal.McpServerConnection;
import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.FlakyNodeServer;
import io.camelagents.mcp.testsupport.ProcessCounter;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashes, kills, stray stdout, init failures, stop: the stdio server is a real TypeScript-SDK server behind an
 * {@code sh} wrapper (so the server is a grandchild, as with npx). Leftover processes are counted by marker.
 */
class StdioLifecycleTest {

    private final String marker = FlakyNodeServer.newMarker();
    private CamelHarness camel;

    @AfterEach
    void cleanUp() throws Exception {
        if (camel != null) {
            camel.close();
        }
        ProcessCounter.killAll(marker);
    }

    @Test
    void crashFailsThePendingCallFastAndTheNextCallRestarts() throws Exception {
        camel = new CamelHarness(FlakyNodeServer.wrapped("flaky", marker));
        assertEquals("echo: one", camel.request("mcp:flaky/echo", Map.of("message", "one")));
        McpServerConnection connection = camel.component().connection("flaky");
        long firstPid = connection.pid();

        Exchange crashed = camel.send("mcp:flaky/crash", Map.of("code", 7));
        McpTransportException lost = assertInstanceOf(McpTransportException.class, crashed.getException());
        assertTrue(lost.getMessage().contains("exited with code 7"), lost.getMessage());
        assertTrue(lost.isRetryable());

        assertEquals("echo: two", camel.request("mcp:flaky/echo", Map.of("message", "two")));
        assertNotEquals(firstPid, connection.pid());
        assertEquals(2, connection.sessionsStarted());
    }

    @Test
    void killedServerIsDetectedWithinOneSecondAndLeavesNoOrphan() throws Exception {
        camel = new CamelHarness(FlakyNodeServer.wrapped("flaky", marker));
        camel.request("mcp:flaky/echo", Map.of("message", "warm up"));
        McpServerConnection connection = camel.component().connection("flaky");
        assertEquals(2, ProcessCounter.withMarker(marker).size(), "expected sh wrapper + node");

        CompletableFuture<Exchange> pending = CompletableFuture.supplyAsync(() -> camel.send("mcp:flaky/hang", null));
        Thread.sleep(300); // let the request reach the server
        long killedAt = System.nanoTime();
        ProcessHandle.of(connection.pid()).orElseThrow().destroyForcibly(); // SIGKILL the wrapper: node is orphaned
        Exchange exchange = pending.get(10, TimeUnit.SECONDS);
        long detectedMs = (System.nanoTime() - killedAt) / 1_000_000;

        assertInstanceOf(McpTransportException.class, exchange.getException());
        assertTrue(detectedMs < 1000, "dead server detected after " + detectedMs + " ms");
        assertEquals(0, ProcessCounter.awaitNone(marker, 3000), "orphaned node process left behind");
        assertEquals("echo: back", camel.request("mcp:flaky/echo", Map.of("message", "back")));
    }

    @Test
    void hundredCrashRestartCyclesLeaveZeroOrphans() throws Exception {
        camel = new CamelHarness(FlakyNodeServer.wrapped("flaky", marker));
        McpServerConnection connection = camel.component().connection("flaky");
        int cycles = 100;
        for (int i = 0; i < cycles; i++) {
            assertEquals("echo: " + i, camel.request("mcp:flaky/echo", Map.of("message", "" + i)));
            if (i % 2 == 0) {
                assertInstanceOf(McpTransportException.class, camel.send("mcp:flaky/crash", null).getException());
            } else {
                ProcessHandle wrapper = ProcessHandle.of(connection.pid()).orElseThrow();
                wrapper.destroyForcibly();
                wrapper.onExit().get(5, TimeUnit.SECONDS);
                Exchange after = camel.send("mcp:flaky/echo", Map.of("message", "dead"));
                // Either the death was already seen (fresh server answers) or this call saw it.
                if (after.getException() != null) {
                    assertInstanceOf(McpTransportException.class, after.getException());
                }
            }
            if (i % 10 == 9) {
                int alive = ProcessCounter.withMarker(marker).size();
                assertTrue(alive <= 2, "cycle " + i + ": " + alive + " processes alive");
            }
        }
        assertTrue(connection.sessionsStarted() >= cycles, "sessions: " + connection.sessionsStarted());
        camel.close();
        camel = null;
        assertEquals(0, ProcessCounter.awaitNone(marker, 5000), "processes left after " + cycles + " cycles and stop");
    }

    @Test
    void strayStdoutLinesAreSkippedNotFatal() throws Exception {
        camel = new CamelHarness(FlakyNodeServer.wrapped("banner", marker, "--banner"));
        assertEquals("echo: after banner", camel.request("mcp:banner/echo", Map.of("message", "after banner")));
        assertEquals("after garbage", camel.request("mcp:banner/garbage", null));
        assertEquals("echo: still fine", camel.request("mcp:banner/echo", Map.of("message", "still fine")));
        assertEquals(2, camel.component().connection("banner").strayStdoutLines());
        assertEquals(1, camel.component().connection("banner").sessionsStarted());
    }

    @Test
    void stderrFloodIsBoundedAndNeverBlocksTheServer() throws Exception {
        McpServerDefinition flood = FlakyNodeServer.wrapped("flood", marker);
        flood.setStderrLinesPerMinute(25);
        camel = new CamelHarness(flood);
        assertEquals("flooded 20000", camel.request("mcp:flood/stderr_flood", Map.of("lines", 20000)));
        assertEquals("echo: ok", camel.request("mcp:flood/echo", Map.of("message", "ok")));
        Thread.sleep(300); // the stderr reader may still be draining
        long logged = Files.readAllLines(Path.of("target", "camel-mcp-test.log")).stream()
                .filter(l -> l.contains("[flood stderr] noise line")).count();
        assertTrue(logged > 0 && logged <= 25, "logged " + logged + " stderr lines");
    }

    @Test
    void stopClosesGracefullyAndKillsTheWholeTree() throws Exception {
        camel = new CamelHarness(FlakyNodeServer.wrapped("flaky", marker));
        camel.request("mcp:flaky/echo", Map.of("message", "x"));
        List<ProcessHandle> tree = ProcessCounter.withMarker(marker);
        assertEquals(2, tree.size());
        long start = System.nanoTime();
        camel.close();
        camel = null;
        assertEquals(0, ProcessCounter.awaitNone(marker, 5000));
        long stopMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(stopMs < 8000, "stop took " + stopMs + " ms");
    }

    @Test
    void initializationFailuresAreTypedLeakNothingAndMarkTheProducerDown() throws Exception {
        McpServerDefinition missing = CamelHarness.stdio("missing", List.of("/nonexistent/mcp-server-" + marker));
        McpServerDefinition exits = CamelHarness.stdio("exits", List.of("sh", "-c", "echo not-json; exit 3", marker));
        McpServerDefinition silent = CamelHarness.stdio("silent", List.of("sh", "-c", "sleep 30; : " + marker));
        silent.setInitializationTimeout(400);
        camel = new CamelHarness(missing, exits, silent);

        McpInitializationException noCommand = assertInstanceOf(McpInitializationException.class,
                camel.send("mcp:missing/echo", null).getException());
        assertTrue(noCommand.getMessage().contains("Cannot start"), noCommand.getMessage());

        long start = System.nanoTime();
        assertInstanceOf(McpInitializationException.class, camel.send("mcp:exits/echo", null).getException());
        long exitMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(exitMs < 5000, "exited server reported after " + exitMs + " ms, not at the init timeout");

        // Repeated failing starts: each attempt uses a new client and closes the old process.
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(McpInitializationException.class, camel.send("mcp:silent/echo", null).getException());
        }
        assertEquals(0, ProcessCounter.awaitNone(marker, 3000), "failed starts leaked processes");

        McpProducerHealthCheck check = new McpProducerHealthCheck(camel.component().connection("silent"), "test");
        check.setCamelContext(camel.context());
        HealthCheck.Result result = check.call();
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals("failed", result.getDetails().get("mcp.state"));
        assertNotNull(result.getMessage().orElse(null));
        assertNull(camel.component().connection("silent").pid());
    }
}
