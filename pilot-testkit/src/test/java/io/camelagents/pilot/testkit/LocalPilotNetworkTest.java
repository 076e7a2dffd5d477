package io.camelagents.pilot.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The fixture itself, with real daemons: start, trust, restart, and no stray processes afterwards. */
class LocalPilotNetworkTest {

    @Test
    void startsTrustedNodesAndStopsEverything() {
        List<Long> pids = new ArrayList<>();
        Path dir;
        try (LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(3).hostnamePrefix("fx").start()) {
            dir = network.baseDir();
            assertEquals(3, network.nodes().size());
            for (PilotNode n : network.nodes()) {
                assertTrue(Files.exists(n.socketPath()));
                assertTrue(n.isRunning());
                pids.add(n.daemonPid().orElseThrow());
            }
            assertEquals(3, network.nodes().stream().map(PilotNode::nodeId).distinct().count());
            PilotNode a = network.node(0);
            PilotNode c = network.node(2);
            assertTrue(LocalPilotNetwork.trustListContains(a.pilotctl("trust").orThrow().json(), c.nodeId()));
            // echo round trip through the real tunnel, driven by the real CLI
            PilotCtlResult echo = a.pilotctl("connect", c.address(), "7", "--message", "fixture-check");
            assertTrue(echo.ok() && echo.stdout().contains("fixture-check"), echo.toString());

            long idBefore = c.nodeId();
            c.restart(Duration.ofSeconds(30));
            c.info(); // refreshed after restart
            assertEquals(idBefore, c.nodeId(), "same identity file keeps the node id");
            assertNotEquals(pids.get(2), c.daemonPid().orElseThrow());
            pids.set(2, c.daemonPid().orElseThrow());
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "daemon " + pid + " still running");
        }
        assertFalse(Files.exists(dir), "temporary network directory removed");
    }

    @Test
    void killedJvmLeavesNoStrayDaemons() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dagents.tools.dir=" + PilotBinaries.toolsDir(),
                LocalPilotNetworkLauncher.class.getName(), "--nodes", "2", "--prefix", "kill")
                .redirectErrorStream(true);
        Process child = pb.start();
        List<Long> daemonPids = new ArrayList<>();
        Pattern pidPattern = Pattern.compile("pid=(\\d+)");
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                Matcher m = pidPattern.matcher(line);
                if (line.startsWith("node ") && m.find()) {
                    daemonPids.add(Long.parseLong(m.group(1)));
                }
                if (line.equals("READY")) {
                    break;
                }
            }
            assertEquals(2, daemonPids.size(), output.toString());
            for (long pid : daemonPids) {
                assertTrue(ProcessHandle.of(pid).isPresent(), "daemon " + pid + " should run while the JVM lives");
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs, only the watchdogs can clean up
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && daemonPids.stream().anyMatch(p -> ProcessHandle.of(p).isPresent())) {
                Thread.sleep(200);
            }
            for (long pid : daemonPids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                        "daemon " + pid + " survived the killed JVM");
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
