package io.camelagents.pilot.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.connect.it.PilotEvents.Publisher;
import io.camelagents.pilot.connect.it.PilotEvents.Subscriber;
import io.camelagents.pilot.testkit.PilotNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daemon both connectors' tasks talk to (node a) restarts in the middle of a run; the broker, the test's
 * subscriber and publisher are on b and c. The sink delivers every record (at-least-once: duplicates reported);
 * the source resubscribes: it cannot receive what was published while a was down (Pilot keeps nothing), but once an
 * event published after the restart reaches Kafka, every later one must too. Both connectors stay RUNNING.
 */
@ExtendWith(ConnectItExtension.class)
class DaemonRestartIT {
    static final int RECORDS = 6_000;
    static final Duration SOURCE_RESUME_BOUND = Duration.ofSeconds(60);

    @Test
    void bothConnectorsRideThroughARestartOfTheirDaemon(ConnectItEnvironment env) throws Exception {
        env.ensureWorkers();
        PilotNode a = env.workerNode();
        PilotNode b = env.node(1);
        PilotNode c = env.node(2);
        String sinkTopic = "it.restart.sink";
        String sourceTopic = "it.restart.source";
        String pilotTopic = "restart.orders";
        env.kafka.createTopic(sinkTopic, 4);
        env.kafka.createTopic(sourceTopic, 1);
        Records.produce(env.kafka, sinkTopic, "r-", RECORDS, pilotTopic);

        try (Subscriber atB = PilotEvents.subscribe(b, b.address(), pilotTopic);
                Publisher fromC = PilotEvents.publisher(c, b.address());
                KafkaTopicReader kafka = new KafkaTopicReader(env.kafka.bootstrapServers(), sourceTopic)) {
            atB.confirm(fromC, pilotTopic, Duration.ofSeconds(60));
            env.connect.rest().putConnectorConfig("restart-source", Connectors.source(a, b.address(), "restart.events", sourceTopic, 1));
            env.connect.awaitRunning("restart-source", 1, Duration.ofSeconds(60));

            try (Publisher sourceFeed = PilotEvents.publisher(c, b.address());
                    PacedPublishing events = new PacedPublishing(sourceFeed, List.of("restart.events"), "v")) {
                WorkerFailoverIT.awaitKafka(kafka, () -> kafka.ids.distinct("v0-") >= 20, "source events in Kafka before the restart",
                        Duration.ofSeconds(60));
                env.connect.rest().putConnectorConfig("restart-sink", Connectors.sink(a, b.address(), sinkTopic, 4));
                env.connect.awaitRunning("restart-sink", 4, Duration.ofSeconds(60));
                PilotEvents.awaitBounded(() -> atB.ids.distinct("r-") >= RECORDS / 4, Duration.ofSeconds(120));
                assertTrue(atB.ids.distinct("r-") >= RECORDS / 4, "sink under way before the restart: " + atB.ids);

                int sinkAtRestart = atB.ids.distinct("r-");
                int downFrom = events.published(0);
                long began = System.nanoTime();
                a.restart(Duration.ofSeconds(60));
                long restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
                int upFrom = events.published(0);

                // the source resubscribed: an event published after the restart reaches Kafka
                WorkerFailoverIT.awaitKafka(kafka, () -> kafka.records().stream().anyMatch(r -> events.index(0, KafkaTopicReader.value(r)) >= upFrom),
                        "an event published after the restart in Kafka", SOURCE_RESUME_BOUND);
                long resumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) - restartMs;
                int confirmedAt = kafka.records().stream().mapToInt(r -> events.index(0, KafkaTopicReader.value(r)))
                        .filter(i -> i >= upFrom).min().orElseThrow();
                int confirmedPublished = events.published(0);
                PilotEvents.awaitBounded(() -> events.published(0) >= confirmedPublished + 200, Duration.ofSeconds(30));

                PilotEvents.awaitBounded(() -> atB.ids.distinct("r-") >= RECORDS, Duration.ofSeconds(180));
                long sinkDoneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
                events.close();
                assertNull(events.failure(), "the test's publisher failed");
                int total = events.published(0);
                WorkerFailoverIT.awaitKafka(kafka, () -> kafka.ids.contains(events.id(0, total - 1)), "the last source event in Kafka",
                        Duration.ofSeconds(30));
                PilotEvents.awaitBounded(() -> PilotSinkConnectorIT.uncommitted(env, "restart-sink", sinkTopic) == 0, Duration.ofSeconds(30));

                List<Integer> whileDown = new ArrayList<>();
                List<Integer> lostAfterConfirmation = new ArrayList<>();
                for (int n = 0; n < total; n++) {
                    boolean in = kafka.ids.contains(events.id(0, n));
                    if (n >= downFrom && n < upFrom && in) {
                        whileDown.add(n);
                    }
                    if (n > confirmedAt && !in) {
                        lostAfterConfirmation.add(n);
                    }
                }
                System.out.printf("daemon restart of %s took %d ms (sink had delivered %d of %d): source published %d, %d during the"
                                + " restart (%d of them in Kafka), resubscribed %d ms after it (first #%d), %d in Kafka distinct, %d duplicates;"
                                + " sink delivered all after %d ms: %d distinct, %d duplicates %s%n",
                        a.name(), restartMs, sinkAtRestart, RECORDS, total, upFrom - downFrom, whileDown.size(), resumedMs, confirmedAt,
                        kafka.ids.distinct("v0-"), kafka.ids.duplicates("v0-"), sinkDoneMs, atB.ids.distinct("r-"),
                        atB.ids.duplicates("r-"), Report.sample(atB.ids.repeated("r-")));

                assertEquals(List.of(), lostAfterConfirmation, "source events published after the resubscription, missing in Kafka");
                List<String> missing = atB.ids.missing("r-", RECORDS);
                assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())), missing.size() + " sink records never reached b");
                assertEquals(0, Records.uncommitted(env.kafka, "restart-sink", sinkTopic), "sink offsets committed to the end");
                env.connect.awaitRunning("restart-source", 1, Duration.ofSeconds(10));
                env.connect.awaitRunning("restart-sink", 4, Duration.ofSeconds(10));
            }
        } finally {
            env.connect.rest().deleteConnector("restart-source");
            env.connect.rest().deleteConnector("restart-sink");
        }
    }
}
