package io.camelagents.pilot.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelagents.pilot.connect.it.cluster.ConnectWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The harness itself: the workers are real distributed Connect 4.4.0 JVMs, their classpath holds Kafka Connect and
 * nothing of this project, and both connectors come from the packaged plugin directory on plugin.path.
 */
@ExtendWith(ConnectItExtension.class)
class ConnectClusterHarnessIT {
    static final String SOURCE = "io.camelagents.pilot.connect.PilotEventsSourceConnector";
    static final String SINK = "io.camelagents.pilot.connect.PilotEventsSinkConnector";

    @Test
    void workersLoadBothConnectorsFromThePackagedPluginOnly(ConnectItEnvironment env) {
        for (ConnectWorker w : env.connect.liveWorkers()) {
            JsonNode root = w.rest().root();
            assertEquals("4.4.0", root.path("version").asText(), "Connect runtime version of " + w + ": " + root);
            assertEquals(env.kafka.admin().describeCluster().clusterId().toCompletionStage().toCompletableFuture().join(),
                    root.path("kafka_cluster_id").asText(), "worker joined our Kafka");

            Map<String, JsonNode> plugins = new HashMap<>();
            w.rest().connectorPlugins().forEach(p -> plugins.put(p.path("class").asText(), p));
            assertTrue(plugins.containsKey(SOURCE), w + " lists no " + SOURCE + ": " + plugins.keySet());
            assertTrue(plugins.containsKey(SINK), w + " lists no " + SINK + ": " + plugins.keySet());
            assertEquals("source", plugins.get(SOURCE).path("type").asText());
            assertEquals("sink", plugins.get(SINK).path("type").asText());
            assertFalse(plugins.get(SOURCE).path("version").asText().isBlank(), "source version: " + plugins.get(SOURCE));

            // what the running JVM has, not what we meant to give it
            String classpath = w.jcmd("VM.system_properties").lines().filter(l -> l.startsWith("java.class.path="))
                    .findFirst().orElseThrow().substring("java.class.path=".length()).replace("\\:", ":");
            List<String> jars = Arrays.stream(classpath.split(":")).map(e -> Path.of(e).getFileName().toString()).toList();
            assertTrue(jars.contains("connect-runtime-4.4.0.jar"), "worker classpath: " + jars);
            List<String> ours = Arrays.stream(classpath.split(":")).filter(e -> e.contains("/io/camelagents/")
                    || e.contains("/org/apache/camel/") || e.endsWith("/classes") || e.endsWith("/test-classes")
                    || Path.of(e).getFileName().toString().startsWith("pilot-")
                    || Path.of(e).getFileName().toString().startsWith("camel-")).toList();
            assertEquals(List.of(), ours, "the worker classpath must hold no project or Camel jar");

            // the worker found the connectors by scanning plugin.path/pilot-kafka-connect
            String log = w.log();
            String pluginDir = env.connect.pluginPath().resolve("pilot-kafka-connect").toString();
            assertTrue(log.contains("Loading plugin from: " + pluginDir), "no 'Loading plugin from: " + pluginDir + "' in " + w.logFile());
            assertTrue(log.lines().anyMatch(l -> l.contains("Added plugin '" + SOURCE + "'")), "source not added in " + w.logFile());
            assertTrue(log.lines().anyMatch(l -> l.contains("Added plugin '" + SINK + "'")), "sink not added in " + w.logFile());

            // observable heap (the benchmark samples this)
            String heap = w.heapInfo();
            assertTrue(heap.contains("total") && heap.contains("used"), heap);
            System.out.printf("%s pid %d heap:%n%s%n", w.name(), w.pid(), heap.strip());
        }
    }
}
