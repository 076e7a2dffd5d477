package io.camelagents.pilot.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.connect.it.PilotEvents.Publisher;
import io.camelagents.pilot.connect.it.PilotEvents.Subscriber;
import io.camelagents.pilot.connect.it.cluster.ConnectWorker;
import io.camelagents.pilot.connect.it.cluster.ConnectorStatus;
import io.camelagents.pilot.testkit.PilotNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two workers run a sink (10,000 records, 4 tasks) and a source (two exact topics, so two tasks); in the middle of
 * the run the worker holding source and sink tasks is SIGKILLed. Its tasks must move to the other worker; the sink
 * loses no record (at-least-once: duplicates are counted and reported, not failed); the source resumes, i.e.
 * events published after the kill reach Kafka within {@link #SOURCE_RESUME_BOUND}.
 */
@ExtendWith(ConnectItExtension.class)
class WorkerFailoverIT {
    static final int RECORDS = 10_000;
    static final Duration SOURCE_RESUME_BOUND = Duration.ofSeconds(60);

    @Test
    void killedWorkersTasksMoveToTheOtherWorkerAndNothingIsLost(ConnectItEnvironment env) throws Exception {
        env.ensureWorkers();
        PilotNode a = env.workerNode();
        PilotNode b = env.node(1);
        PilotNode c = env.node(2);
        String sinkTopic = "it.failover.sink";
        String sourceTopic = "it.failover.source";
        String pilotTopic = "failover.orders";
        List<String> sourcePilotTopics = List.of("failover.s0", "failover.s1");
        env.kafka.createTopic(sinkTopic, 4);
        env.kafka.createTopic(sourceTopic, 1);
        Records.produce(env.kafka, sinkTopic, "f-", RECORDS, pilotTopic);

        try (Subscriber atB = PilotEvents.subscribe(b, b.address(), pilotTopic);
                Publisher fromC = PilotEvents.publisher(c, b.address());
                KafkaTopicReader kafka = new KafkaTopicReader(env.kafka.bootstrapServers(), sourceTopic)) {
            atB.confirm(fromC, pilotTopic, Duration.ofSeconds(60));
            env.connect.rest().putConnectorConfig("failover-source",
                    Connectors.source(a, b.address(), String.join(",", sourcePilotTopics), sourceTopic, 2));
            env.connect.rest().putConnectorConfig("failover-sink", Connectors.sink(a, b.address(), sinkTopic, 4));
            env.connect.awaitRunning("failover-source", 2, Duration.ofSeconds(60));
            env.connect.awaitRunning("failover-sink", 4, Duration.ofSeconds(60));

            try (Publisher sourceFeed = PilotEvents.publisher(c, b.address());
                    PacedPublishing events = new PacedPublishing(sourceFeed, sourcePilotTopics, "e")) {
                // both source tasks deliver before the fault
                awaitKafka(kafka, () -> kafka.ids.distinct("e0-") >= 20 && kafka.ids.distinct("e1-") >= 20,
                        "events of both source tasks in Kafka", Duration.ofSeconds(60));
                PilotEvents.awaitBounded(() -> atB.ids.distinct("f-") >= RECORDS / 4, Duration.ofSeconds(120));
                assertTrue(atB.ids.distinct("f-") >= RECORDS / 4, "sink under way before the kill: " + atB.ids);

                ConnectWorker victim = pickVictim(env);
                ConnectWorker survivor = env.connect.liveWorkers().stream().filter(w -> w != victim).findFirst().orElseThrow();
                ConnectorStatus sourceBefore = env.connect.status("failover-source");
                ConnectorStatus sinkBefore = env.connect.status("failover-sink");
                int sinkAtKill = atB.ids.distinct("f-");
                int[] publishedAtKill = {events.published(0), events.published(1)};
                long killedAt = System.nanoTime();
                victim.kill();
                System.out.printf("failover: killed %s (pid %d) holding source tasks %s and sink tasks %s; sink had delivered %d,"
                                + " source had published %d/%d%n", victim.name(), victim.process().pid(),
                        ids(sourceBefore.tasksOn(victim.workerId())), ids(sinkBefore.tasksOn(victim.workerId())),
                        sinkAtKill, publishedAtKill[0], publishedAtKill[1]);

                // every task (and both connectors) now RUNNING on the survivor
                String on = survivor.workerId();
                env.connect.awaitStatus("failover-source", s -> s.allRunning(2) && s.tasksOn(on).size() == 2 && on.equals(s.workerId()),
                        "all tasks on " + on, Duration.ofSeconds(90));
                env.connect.awaitStatus("failover-sink", s -> s.allRunning(4) && s.tasksOn(on).size() == 4 && on.equals(s.workerId()),
                        "all tasks on " + on, Duration.ofSeconds(90));
                long movedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

                // the source resumes: events published after the kill reach Kafka, for both topics (both tasks)
                awaitKafka(kafka, () -> maxIndex(kafka, events, 0) >= publishedAtKill[0] && maxIndex(kafka, events, 1) >= publishedAtKill[1],
                        "events published after the kill in Kafka", SOURCE_RESUME_BOUND.minusNanos(System.nanoTime() - killedAt));
                long sourceResumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                assertTrue(sourceResumedMs <= SOURCE_RESUME_BOUND.toMillis(), "source resumed after " + sourceResumedMs + " ms");

                // the sink: every record at least once
                PilotEvents.awaitBounded(() -> atB.ids.distinct("f-") >= RECORDS, Duration.ofSeconds(240));
                long sinkDoneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                PilotEvents.awaitBounded(() -> PilotSinkConnectorIT.uncommitted(env, "failover-sink", sinkTopic) == 0, Duration.ofSeconds(30));
                events.close();
                assertNull(events.failure(), "the test's publisher failed");
                for (int i = 0; i < 10; i++) {
                    kafka.poll();
                }
                int sourceLost = 0;
                for (int t = 0; t < 2; t++) {
                    for (int n = 0; n < events.published(t); n++) {
                        sourceLost += kafka.ids.contains(events.id(t, n)) ? 0 : 1;
                    }
                }
                System.out.printf("failover: tasks on %s %d ms after the kill; source resumed after %d ms (published %d, in Kafka %d"
                                + " distinct, %d not delivered around the fault, %d duplicates); sink delivered all %d after %d ms:"
                                + " %d distinct, %d duplicates %s%n", on, movedMs, sourceResumedMs,
                        events.published(0) + events.published(1), kafka.ids.distinct("e"), sourceLost, kafka.ids.duplicates("e"),
                        RECORDS, sinkDoneMs, atB.ids.distinct("f-"), atB.ids.duplicates("f-"), Report.sample(atB.ids.repeated("f-")));
                List<String> missing = atB.ids.missing("f-", RECORDS);
                assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())), missing.size() + " sink records never reached b");
                assertEquals(0, Records.uncommitted(env.kafka, "failover-sink", sinkTopic), "sink offsets committed to the end");
            }
        } finally {
            env.connect.rest().deleteConnector("failover-source");
            env.connect.rest().deleteConnector("failover-sink");
        }
    }

    /** The worker with the most source tasks, then the most sink tasks: its death moves both kinds. */
    private static ConnectWorker pickVictim(ConnectItEnvironment env) {
        ConnectorStatus source = env.connect.status("failover-source");
        ConnectorStatus sink = env.connect.status("failover-sink");
        return env.connect.liveWorkers().stream()
                .max(Comparator.<ConnectWorker>comparingInt(w -> Math.min(1, source.tasksOn(w.workerId()).size()) * 10
                        + Math.min(1, sink.tasksOn(w.workerId()).size()) * 5 + source.tasksOn(w.workerId()).size()))
                .orElseThrow();
    }

    private static List<Integer> ids(List<ConnectorStatus.Task> tasks) {
        return tasks.stream().map(ConnectorStatus.Task::id).toList();
    }

    private static int maxIndex(KafkaTopicReader kafka, PacedPublishing events, int topic) {
        return kafka.records().stream().mapToInt(r -> events.index(topic, KafkaTopicReader.value(r))).max().orElse(-1);
    }

    static void awaitKafka(KafkaTopicReader kafka, java.util.function.BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            kafka.poll();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what + " (Kafka has " + kafka.ids + ")");
            }
        }
    }
}
