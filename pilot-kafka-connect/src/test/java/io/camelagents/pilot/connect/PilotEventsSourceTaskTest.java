package io.camelagents.pilot.connect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source task without a daemon: poll never blocks for long, giving up fails the task, stop is prompt. */
class PilotEventsSourceTaskTest {
    @TempDir
    Path dir;

    private PilotEventsSourceTask start(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("name", "src",
                PilotSourceConfig.TOPICS, "a,b.*",
                PilotSourceConfig.KAFKA_TOPIC_TEMPLATE, "pilot.${topic}",
                PilotConnectConfig.SOCKET_PATH, dir.resolve("no-daemon.sock").toString(),
                PilotConnectConfig.RECONNECT_BACKOFF_MS, "20"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        PilotEventsSourceTask task = new PilotEventsSourceTask();
        task.initialize(new TestSourceTaskContext(m));
        task.start(m);
        return task;
    }

    @Test
    void pollReturnsNullAfterAShortWaitAndStopIsPrompt() throws Exception {
        PilotEventsSourceTask task = start();
        try {
            long began = System.nanoTime();
            assertNull(task.poll());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) < 5000, "poll must not block for long");
            assertTrue(threads("pilot-source-src-0-").size() >= 2, "one named thread per unit: " + threads("pilot-source-src-0-"));
        } finally {
            task.stop();
        }
        await("every task thread ended").atMost(Duration.ofSeconds(5)).until(() -> threads("pilot-source-src-0-").isEmpty());
        assertNull(task.poll(), "a stopped task returns null");
    }

    @Test
    void givingUpFailsTheTaskThroughPoll() {
        PilotEventsSourceTask task = start(PilotConnectConfig.RECONNECT_TIMEOUT_MS, "200");
        try {
            ConnectException e = await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    task.poll();
                    return null;
                } catch (ConnectException ex) {
                    return ex;
                }
            }, ex -> ex != null);
            assertTrue(e.getMessage().contains("without a subscription (pilot.reconnect.timeout.ms); last error: cannot connect"
                    + " to the Pilot daemon"), e.getMessage());
        } finally {
            task.stop();
        }
    }

    @Test
    void recordsCarryTopicPayloadAndHeaders() {
        PilotEventsSourceTask task = start();
        task.stop(); // only the record mapping is used
        SourceUnit unit = new SourceUnit("agent-b", "*", List.of("b.*"));
        SourceRecord r = task.toRecord(new ReceivedEvent(unit, "0:0000.0000.0007", "b/x", "hi".getBytes(StandardCharsets.UTF_8),
                1234L));
        assertEquals("pilot.b_x", r.topic());
        assertEquals("b/x", r.key());
        assertEquals(Schema.STRING_SCHEMA, r.keySchema());
        assertEquals(Schema.BYTES_SCHEMA, r.valueSchema());
        assertEquals("hi", new String((byte[]) r.value(), StandardCharsets.UTF_8));
        assertEquals(1234L, r.timestamp());
        assertEquals(Map.of("broker", "agent-b", "subscription", "*"), r.sourcePartition());
        assertEquals(Map.of("receivedAt", 1234L), r.sourceOffset());
        Map<String, Object> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
        }
        assertEquals(Map.of("pilot.topic", "b/x", "pilot.broker", "0:0000.0000.0007", "pilot.receivedAt", 1234L), headers);
    }

    private static List<String> threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).toList();
    }
}
