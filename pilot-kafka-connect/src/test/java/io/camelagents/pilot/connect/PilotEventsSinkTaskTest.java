package io.camelagents.pilot.connect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink task without a daemon: errant records, offsets it may commit, and what a missing daemon does. */
class PilotEventsSinkTaskTest {
    @TempDir
    Path dir;
    private final PilotEventsSinkTask task = new PilotEventsSinkTask();

    private Map<String, String> config(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("name", "snk", "topics", "in",
                PilotConnectConfig.SOCKET_PATH, dir.resolve("no-daemon.sock").toString(),
                PilotConnectConfig.RECONNECT_BACKOFF_MS, "20"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private TestSinkTaskContext start(boolean withReporter, String... kv) {
        TestSinkTaskContext ctx = new TestSinkTaskContext(config(kv), withReporter);
        task.initialize(ctx);
        task.start(ctx.configs());
        return ctx;
    }

    private static SinkRecord record(int partition, long offset, Object key, Object value) {
        return new SinkRecord("in", partition, Schema.OPTIONAL_STRING_SCHEMA, key, Schema.OPTIONAL_BYTES_SCHEMA, value, offset);
    }

    @AfterEach
    void stop() {
        task.stop();
    }

    @Test
    void errantRecordsGoToTheReporterWithTheReason() {
        TestSinkTaskContext ctx = start(true);
        SinkRecord tombstone = record(0, 5, "t", null);
        SinkRecord noTopic = record(1, 9, null, "v");
        task.put(List.of(tombstone, noTopic));
        assertEquals(List.of(tombstone, noTopic), ctx.reporter().records);
        assertTrue(ctx.reporter().errors.get(0) instanceof DataException);
        assertEquals("pilot-sink-snk-0: record in-0@5 cannot be published: the value is null (a tombstone); a Pilot event"
                + " needs a payload", ctx.reporter().errors.get(0).getMessage());
        assertEquals(2, task.errant());
        // reported records are handled: their offsets may be committed
        Map<TopicPartition, OffsetAndMetadata> commit = task.preCommit(Map.of(
                new TopicPartition("in", 0), new OffsetAndMetadata(6), new TopicPartition("in", 1), new OffsetAndMetadata(10)));
        assertEquals(Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(6), new TopicPartition("in", 1),
                new OffsetAndMetadata(10)), commit);
    }

    @Test
    void withoutAReporterAnErrantRecordFailsTheTaskInsteadOfBeingSkipped() {
        start(false);
        ConnectException e = assertThrows(ConnectException.class, () -> task.put(List.of(record(0, 1, "t", 3.5))));
        assertTrue(!(e instanceof RetriableException));
        assertTrue(e.getMessage().contains("cannot be published: the value is a Double")
                && e.getMessage().contains("set errors.tolerance=all and errors.deadletterqueue.topic.name"), e.getMessage());
        assertEquals(Map.of(), task.preCommit(Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(2))),
                "nothing handled, nothing to commit");
    }

    @Test
    void withoutADaemonPutAsksForARetryAndGivesUpAfterTheTimeout() {
        TestSinkTaskContext ctx = start(true, PilotConnectConfig.RECONNECT_TIMEOUT_MS, "300");
        List<SinkRecord> batch = List.of(record(0, 1, "good.topic", "v"));
        RetriableException first = assertThrows(RetriableException.class, () -> task.put(batch));
        assertTrue(first.getMessage().contains("publishing failed: cannot connect to the Pilot daemon"), first.getMessage());
        assertEquals(20, ctx.timeoutMs, "Connect redelivers after the backoff");
        assertEquals(Map.of(), task.preCommit(Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(2))),
                "a record that was not published is never committed");
        assertThrows(RetriableException.class, () -> task.put(batch));
        assertEquals(40, ctx.timeoutMs, "the backoff doubles between attempts");

        AtomicReference<RuntimeException> last = new AtomicReference<>();
        await("the task gives up").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                task.put(batch);
            } catch (RetriableException e) {
                return false;
            } catch (ConnectException e) {
                last.set(e);
                return true;
            }
            return false;
        });
        assertTrue(last.get().getMessage().contains("gave up after") && last.get().getMessage().contains("pilot.reconnect.timeout.ms"),
                last.get().getMessage());
    }

    @Test
    void closedPartitionsAreForgotten() {
        start(true);
        task.put(List.of(record(0, 1, null, null)));
        task.close(List.of(new TopicPartition("in", 0)));
        assertEquals(Map.of(), task.preCommit(Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(2))));
    }

    @Test
    void everyTaskGetsItsNumber() {
        PilotEventsSinkConnector connector = new PilotEventsSinkConnector();
        connector.start(config());
        List<Map<String, String>> configs = connector.taskConfigs(3);
        assertEquals(3, configs.size());
        assertEquals(List.of("0", "1", "2"), configs.stream().map(c -> c.get(PilotConnectConfig.TASK_INDEX)).toList());
    }
}
