package io.camelagents.pilot.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.connect.it.PilotEvents.Publisher;
import io.camelagents.pilot.connect.it.PilotEvents.Subscriber;
import io.camelagents.pilot.testkit.PilotNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 10,000 records of a 4-partition topic go through a sink with tasks.max=4 (one Pilot publishing connection per
 * task, 100/s each, so about 25 s) to the broker on node b, where a raw subscriber counts every id.
 */
@ExtendWith(ConnectItExtension.class)
class PilotSinkConnectorIT {
    static final int RECORDS = 10_000;

    @Test
    void tenThousandRecordsArePublishedToPilot(ConnectItEnvironment env) throws Exception {
        env.ensureWorkers();
        PilotNode a = env.workerNode();
        PilotNode b = env.node(1);
        String kafkaTopic = "it.sink.orders";
        String pilotTopic = "sink.orders";
        String name = "sink-10k";
        env.kafka.createTopic(kafkaTopic, 4);
        Records.produce(env.kafka, kafkaTopic, "s-", RECORDS, pilotTopic);

        try (Subscriber atB = PilotEvents.subscribe(b, b.address(), pilotTopic);
                Publisher probe = PilotEvents.publisher(env.node(2), b.address())) {
            // subscribed (and confirmed) before any record flows
            atB.confirm(probe, pilotTopic, Duration.ofSeconds(60));
            long began = System.nanoTime();
            env.connect.rest().putConnectorConfig(name, Connectors.sink(a, b.address(), kafkaTopic, 4));
            env.connect.awaitRunning(name, 4, Duration.ofSeconds(60));

            PilotEvents.awaitBounded(() -> atB.ids.distinct("s-") >= RECORDS, Duration.ofSeconds(180));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            PilotEvents.awaitBounded(() -> uncommitted(env, name, kafkaTopic) == 0, Duration.ofSeconds(30));
            long uncommitted = Records.uncommitted(env.kafka, name, kafkaTopic);
            System.out.printf("sink 10k: %d records, tasks.max=4, received at b in %d ms: %d distinct, %d duplicates %s;"
                            + " uncommitted offsets %d%n", RECORDS, elapsedMs, atB.ids.distinct("s-"), atB.ids.duplicates("s-"),
                    Report.sample(atB.ids.repeated("s-")), uncommitted);
            List<String> missing = atB.ids.missing("s-", RECORDS);
            assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())), missing.size() + " ids never reached the subscriber");
            assertEquals(0, uncommitted, "the sink committed every record it published");
        } finally {
            env.connect.rest().deleteConnector(name);
        }
    }

    static long uncommitted(ConnectItEnvironment env, String connector, String topic) {
        try {
            return Records.uncommitted(env.kafka, connector, topic);
        } catch (Exception e) {
            return -1;
        }
    }
}
