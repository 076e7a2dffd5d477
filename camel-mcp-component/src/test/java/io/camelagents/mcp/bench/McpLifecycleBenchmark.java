package io.camelagents.mcp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelagents.mcp.McpProgressListener;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.McpTimeoutException;
import io.camelagents.mcp.McpTransportException;
import io.camelagents.mcp.internal.McpServerConnection;
import io.camelagents.mcp.model.McpProgress;
import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.FlakyNodeServer;
import io.camelagents.mcp.testsupport.NpmServers;
import io.camelagents.mcp.testsupport.ProcessCounter;
import org.apache.camel.Exchange;

/**
 * The latency targets the tests only bound generously (30 s), measured here on their own:
 * <ul>
 * <li>dead-server detection: a stdio server (TypeScript SDK behind {@code sh}, as with npx) is SIGKILLed while a
 * call is pending on it; time until that call fails with McpTransportException. Target: every round under 1 s
 * (the request timeout is 120 s, so only the process watcher can be this fast).</li>
 * <li>request timeout accuracy: a 500 ms timeout on a tool that would answer after 10 s (Java SDK server, child
 * JVM); time until McpTimeoutException. Target: every round under 2.5 s.</li>
 * </ul>
 * <pre>
 * bash scripts/bench.sh mcp --bench=lifecycle [--rounds=20]
 * </pre>
 * Prints p50 / max per measurement and whether the target was met; exits 1 when a target is missed.
 */
public final class McpLifecycleBenchmark {

    private static final long DETECTION_TARGET_MS = 1000;
    private static final long TIMEOUT_TARGET_MS = 2500;

    private McpLifecycleBenchmark() {
    }

    public static void main(String[] args) {
        McpProducerBenchmark.main(withLifecycle(args));
    }

    private static String[] withLifecycle(String[] args) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--bench=lifecycle";
        return all;
    }

    static void run(String[] args) throws Exception {
        int rounds = Integer.parseInt(McpProducerBenchmark.option(args, "rounds", "20"));
        System.out.printf(Locale.ROOT, "MCP lifecycle benchmark: %d rounds each%n", rounds);
        long[] detection = deadServerDetection(rounds);
        long[] timeout = timeoutAccuracy(rounds);
        boolean detectionMet = report("dead-server detection", detection, DETECTION_TARGET_MS);
        boolean timeoutMet = report("500 ms request timeout", timeout, TIMEOUT_TARGET_MS);
        if (!detectionMet || !timeoutMet) {
            throw new IllegalStateException("a lifecycle target was missed (see above)");
        }
    }

    private static long[] deadServerDetection(int rounds) throws Exception {
        String marker = FlakyNodeServer.newMarker();
        McpServerDefinition flaky = FlakyNodeServer.wrapped("flaky", marker);
        flaky.setRequestTimeout(120_000);
        long[] nanos = new long[rounds];
        try (CamelHarness camel = new CamelHarness(flaky)) {
            McpServerConnection connection = camel.component().connection("flaky");
            for (int i = 0; i < rounds; i++) {
                camel.request("mcp:flaky/echo", Map.of("message", "round " + i)); // (re)starts the server
                CompletableFuture<McpProgress> arrived = new CompletableFuture<>();
                camel.context().getRegistry().bind("arrived" + i, (McpProgressListener) (e, p) -> arrived.complete(p));
                String uri = "mcp:flaky/hang?progressListener=#arrived" + i;
                CompletableFuture<Exchange> pending = CompletableFuture.supplyAsync(() -> camel.send(uri, null));
                arrived.get(60, TimeUnit.SECONDS);
                long killedAt = System.nanoTime();
                ProcessHandle.of(connection.pid()).orElseThrow().destroyForcibly();
                Exchange exchange = pending.get(180, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - killedAt;
                if (!(exchange.getException() instanceof McpTransportException)) {
                    throw new IllegalStateException("round " + i + ": expected McpTransportException, got "
                            + exchange.getException());
                }
            }
        } finally {
            ProcessCounter.killAll(marker);
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static long[] timeoutAccuracy(int rounds) throws Exception {
        McpServerDefinition java = CamelHarness.stdio("java",
                NpmServers.javaSdkServerCommand(McpProducerBenchmark.testClasspath()));
        List<Long> elapsed = new ArrayList<>();
        try (CamelHarness camel = new CamelHarness(java)) {
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                Exchange slow = camel.send("mcp:java/slow?requestTimeout=500ms", Map.of("millis", 10_000));
                elapsed.add(System.nanoTime() - start);
                if (!(slow.getException() instanceof McpTimeoutException)) {
                    throw new IllegalStateException("round " + i + ": expected McpTimeoutException, got "
                            + slow.getException());
                }
            }
        }
        return elapsed.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static boolean report(String what, long[] sortedNanos, long targetMs) {
        double p50 = McpProducerBenchmark.percentile(sortedNanos, 50);
        double max = sortedNanos[sortedNanos.length - 1] / 1e6;
        boolean met = max < targetMs;
        System.out.printf(Locale.ROOT, "%-24s p50 %8.1f ms  max %8.1f ms  target < %d ms: %s%n", what, p50, max,
                targetMs, met ? "met" : "MISSED");
        return met;
    }
}
