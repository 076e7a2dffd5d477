package io.camelagents.pilot.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.camelagents.pilot.connect.it.PilotEvents.Publisher;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The source connector subscribes with a glob ({@code research.*}) at the broker on node a; agents b and c publish
 * to that broker. Matching events land in Kafka keyed by their Pilot topic, with the pilot.topic, pilot.broker and
 * pilot.receivedAt headers; events on other topics (including near misses of the glob) do not.
 */
@ExtendWith(ConnectItExtension.class)
class PilotSourceConnectorIT {
    static final int PER_PUBLISHER = 100;

    @Test
    void globMatchedEventsFromTwoPublishersArriveInKafkaWithHeaders(ConnectItEnvironment env) throws Exception {
        env.ensureWorkers();
        PilotNode a = env.workerNode();
        String broker = a.address();
        String kafkaTopic = "it.research";
        env.kafka.createTopic(kafkaTopic, 1);
        String name = "source-glob";
        long began = System.currentTimeMillis();
        env.connect.rest().putConnectorConfig(name, Connectors.source(a, broker, "research.*", kafkaTopic, 1));
        try (KafkaTopicReader kafka = new KafkaTopicReader(env.kafka.bootstrapServers(), kafkaTopic);
                Publisher fromB = PilotEvents.publisher(env.node(1), broker);
                Publisher fromC = PilotEvents.publisher(env.node(2), broker)) {
            env.connect.awaitRunning(name, 1, Duration.ofSeconds(60));
            // the task's subscription is confirmed once a probe comes out in Kafka
            awaitProbe(kafka, fromB, "research.probe", Duration.ofSeconds(60));

            for (int i = 0; i < PER_PUBLISHER; i++) {
                fromB.publish("research.alpha", "b-" + i);
                fromC.publish("research.beta", "c-" + i);
                if (i % 10 == 0) { // near misses and other topics, interleaved
                    fromB.publish("other.gamma", "x-other-" + i);
                    fromC.publish("research", "x-bare-" + i);
                    fromB.publish("research.deep.topic", "x-deep-" + i);
                    fromC.publish("researchers.note", "x-prefix-" + i);
                }
            }
            // each connection delivers in order: the last matching event of each publisher closes the run
            fromB.publish("research.alpha", "end-b");
            fromC.publish("research.beta", "end-c");
            PilotEvents.awaitBounded(() -> kafka.poll().ids.contains("end-b") && kafka.ids.contains("end-c"), Duration.ofSeconds(60));
            // a few more polls: anything that should not be there would have arrived before the end markers
            for (int i = 0; i < 5; i++) {
                kafka.poll();
            }
            long ended = System.currentTimeMillis();

            System.out.printf("source glob: %d records in Kafka (%s)%n", kafka.records().size(), kafka.ids);
            assertTrue(kafka.ids.contains("end-b") && kafka.ids.contains("end-c"), "end markers in Kafka: " + kafka.ids);
            assertEquals(List.of(), kafka.ids.missing("b-", PER_PUBLISHER), "b's research.alpha events missing in Kafka");
            assertEquals(List.of(), kafka.ids.missing("c-", PER_PUBLISHER), "c's research.beta events missing in Kafka");
            List<String> unexpected = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : kafka.records()) {
                String id = KafkaTopicReader.value(r);
                if (id.startsWith("x-")) {
                    unexpected.add(r.key() + "=" + id);
                }
                if (id.startsWith("probe-")) {
                    continue;
                }
                String topic = id.startsWith("b-") || id.equals("end-b") ? "research.alpha" : "research.beta";
                assertEquals(topic, r.key(), "key = Pilot topic of " + id);
                assertEquals(topic, KafkaTopicReader.header(r, "pilot.topic"), "pilot.topic of " + id);
                assertTrue(broker.equalsIgnoreCase(KafkaTopicReader.header(r, "pilot.broker")),
                        "pilot.broker of " + id + ": " + KafkaTopicReader.header(r, "pilot.broker") + ", expected " + broker);
                long receivedAt = Long.parseLong(KafkaTopicReader.header(r, "pilot.receivedAt"));
                assertTrue(receivedAt >= began && receivedAt <= ended, "pilot.receivedAt of " + id + " = " + receivedAt
                        + " outside the run [" + began + ", " + ended + "]");
            }
            assertEquals(List.of(), unexpected, "events on topics research.* does not match reached Kafka");
            assertEquals(0, kafka.ids.duplicates(), "duplicates: " + kafka.ids.repeated(""));
        } finally {
            env.connect.rest().deleteConnector(name);
        }
    }

    /** Publishes probe-N on {@code topic} until one is read from Kafka (Pilot does not acknowledge subscriptions). */
    static void awaitProbe(KafkaTopicReader kafka, Publisher publisher, String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int n = 0; kafka.poll().ids.distinct("probe-") == 0; n++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no probe on " + topic + " reached Kafka within " + timeout.toSeconds() + " s");
            }
            publisher.publish(topic, "probe-" + n);
        }
    }
}
