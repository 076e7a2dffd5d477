package io.camelagents.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelagents.mcp.internal.McpServerConnection;
import io.camelagents.mcp.model.McpProgress;
import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.Conditions;
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
    void killedServerIsDetectedByTheProcessWatcherAndLeavesNoOrphan() throws Exception {
        McpServerDefinition flaky = FlakyNodeServer.wrapped("flaky", marker);
        // Far above the detection bound below: a failure within it cannot come from the request timeout.
        flaky.setRequestTimeout(120_000);
        camel = new CamelHarness(flaky);
        camel.request("mcp:flaky/echo", Map.of("message", "warm up"));
        McpServerConnection connection = camel.component().connection("flaky");
        assertEquals(2, ProcessCounter.withMarker(marker).size(), "expected sh wrapper + node");

        // The hang tool sends a progress notification once the call has reached it.
        CompletableFuture<McpProgress> arrived = new CompletableFuture<>();
        camel.context().getRegistry().bind("hangArrived", (McpProgressListener) (exchange, p) -> arrived.complete(p));
        CompletableFuture<Exchange> pending = CompletableFuture.supplyAsync(
                () -> camel.send("mcp:flaky/hang?progressListener=#hangArrived", null));
        assertEquals("hanging", arrived.get(30, TimeUnit.SECONDS).message());
        long killedAt = System.nanoTime();
        ProcessHandle.of(connection.pid()).orElseThrow().destroyForcibly(); // SIGKILL the wrapper: node is orphaned
        Exchange exchange = pending.get(60, TimeUnit.SECONDS);
        long detectedMs = (System.nanoTime() - killedAt) / 1_000_000;

        McpTransportException lost = assertInstanceOf(McpTransportException.class, exchange.getException());
        assertTrue(lost.getMessage().contains("exited") || lost.getMessage().contains("closed its stdout"),
                lost.getMessage());
        // Generous bound for a loaded machine; the tight target (< 1 s) is measured by McpLifecycleBenchmark.
        assertTrue(detectedMs < 30_000, "dead server detected after " + detectedMs + " ms");
        assertEquals(0, ProcessCounter.awaitNone(marker, 30_000), "orphaned node process left behind");
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
                wrapper.onExit().get(30, TimeUnit.SECONDS);
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
        assertEquals(0, ProcessCounter.awaitNone(marker, 30_000), "processes left after " + cycles + " cycles and stop");
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
        // The stderr reader may still be draining: wait until it has handled every line.
        McpServerConnection connection = camel.component().connection("flood");
        Conditions.await(Duration.ofSeconds(30), () -> connection.stderrLines() >= 20000,
                () -> "stderr lines handled: " + connection.stderrLines());
        long logged = Files.readAllLines(Path.of("target", "camel-mcp-test.log")).stream()
                .filter(l -> l.contains("[flood stderr] noise line")).count();
        assertTrue(logged > 0 && logged <= 25, "logged " + logged + " stderr lines");
    }

    @Test
    void stderrLinesAreMaskedForSecretsOfAnyLength() throws Exception {
        McpServerDefinition server = FlakyNodeServer.wrapped("masked", marker, "--token=q7");
        server.getEnv().put("SHORT_TOKEN", "q7");
        server.getEnv().put("LONG_TOKEN", "long-secret-value-42");
        camel = new CamelHarness(server);
        camel.request("mcp:masked/stderr", Map.of("text", "leak short=q7 long=long-secret-value-42 'q7' q7x aq7 end"));
        Path log = Path.of("target", "camel-mcp-test.log");
        Conditions.await(Duration.ofSeconds(30), () -> readLines(log).stream().anyMatch(l -> l.contains("[masked stderr] leak")),
                () -> "no masked stderr line in " + log);
        List<String> lines = readLines(log).stream().filter(l -> l.contains("[masked stderr] leak")).toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("leak short=xxxxxx long=xxxxxx 'xxxxxx' q7x aq7 end"), lines.get(0));
        String rendered = camel.component().getServerDefinition("masked").toString();
        assertTrue(rendered.contains("--token=xxxxxx") && !rendered.contains("q7"), rendered);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @Test
    void aFailedStartStopsTheServersStartedBeforeIt() throws Exception {
        McpServerDefinition good = FlakyNodeServer.wrapped("good", marker);
        McpServerDefinition wrong = CamelHarness.stdio("wrong", List.of("/nonexistent/mcp-server-" + marker));
        McpComponent component = new McpComponent();
        component.addServer(good);
        component.addServer(wrong);
        try (org.apache.camel.CamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            context.addComponent("mcp", component);
            // Servers start in definition order: "good" is running when "wrong" fails; stopping the failed
            // component must take it down too.
            Exception failed = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, context::start);
            McpInitializationException cause = McpFailClosedConfigurationTest.cause(failed, McpInitializationException.class);
            assertEquals("wrong", cause.getServerName());
            assertEquals(0, ProcessCounter.awaitNone(marker, 30_000), "the good server outlived the failed start");
        }
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
        assertEquals(0, ProcessCounter.awaitNone(marker, 30_000));
        long stopMs = (System.nanoTime() - start) / 1_000_000;
        // Generous: proves stop does not hang; the grace period is shutdownTimeout (3 s) plus the kill.
        assertTrue(stopMs < 30_000, "stop took " + stopMs + " ms");
    }

    @Test
    void initializationFailuresAreTypedLeakNothingAndMarkTheProducerDown() throws Exception {
        McpServerDefinition missing = CamelHarness.stdio("missing", List.of("/nonexistent/mcp-server-" + marker));
        McpServerDefinition exits = CamelHarness.stdio("exits", List.of("sh", "-c", "echo not-json; exit 3", marker));
        McpServerDefinition silent = CamelHarness.stdio("silent", List.of("sh", "-c", "sleep 30; : " + marker));
        silent.setInitializationTimeout(400);
        for (McpServerDefinition d : List.of(missing, exits, silent)) {
            d.setLazyStart(true); // fail on the first call; McpFailClosedConfigurationTest covers start-up
        }
        camel = new CamelHarness(missing, exits, silent);

        McpInitializationException noCommand = assertInstanceOf(McpInitializationException.class,
                camel.send("mcp:missing/echo", null).getException());
        assertTrue(noCommand.getMessage().contains("Cannot start"), noCommand.getMessage());

        long start = System.nanoTime();
        assertInstanceOf(McpInitializationException.class, camel.send("mcp:exits/echo", null).getException());
        long exitMs = (System.nanoTime() - start) / 1_000_000;
        // The initialization timeout is 60 s: well under it means the exit was seen, not timed out.
        assertTrue(exitMs < 30_000, "exited server reported after " + exitMs + " ms, not at the init timeout");

        // Repeated failing starts: each attempt uses a new client and closes the old process.
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(McpInitializationException.class, camel.send("mcp:silent/echo", null).getException());
        }
        assertEquals(0, ProcessCounter.awaitNone(marker, 30_000), "failed starts leaked processes");

        McpProducerHealthCheck check = new McpProducerHealthCheck(camel.component().connection("silent"), "test");
        check.setCamelContext(camel.context());
        HealthCheck.Result result = check.call();
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals("failed", result.getDetails().get("mcp.state"));
        assertNotNull(result.getMessage().orElse(null));
        assertNull(camel.component().connection("silent").pid());
    }
}
