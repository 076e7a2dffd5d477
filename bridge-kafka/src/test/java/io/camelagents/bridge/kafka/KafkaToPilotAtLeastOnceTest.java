package io.camelagents.bridge.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.BridgeTestSupport;
import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kafka-to-pilot is at-least-once: 10,000 records go through eight template instances (one consumer group, eight
 * partitions, eight Pilot publisher connections at the default 100/s each) while the Kafka broker is stopped in the
 * middle, until the outage made offset commits fail. Every record id must have been published to the daemon at
 * least once (duplicates allowed, losses not). That is the template's guarantee; what a Pilot subscriber then
 * receives is up to Pilot (no acknowledgements) and only printed.
 */
@PilotNetwork(nodes = 1, hostnamePrefix = "k2p")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaToPilotAtLeastOnceTest {
    static final int RECORDS = 10_000;
    static final int INSTANCES = 8;
    static final String TOPIC = "orders";
    static final String PILOT_TOPIC = "bridge.orders";

    private EmbeddedKafka kafka;
    private PilotNode node;

    @BeforeAll
    void start(LocalPilotNetwork network) {
        node = network.node(0);
        kafka = new EmbeddedKafka().start();
        kafka.createTopic(TOPIC, INSTANCES);
    }

    @AfterAll
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void brokerOutageInTheMiddleOfTenThousandRecordsSkipsNone() throws Exception {
        produce(RECORDS);
        PublishedIds published = new PublishedIds("k2p-");
        BridgeTestSupport.IdCounter subscriber = new BridgeTestSupport.IdCounter();
        CamelContext context = new DefaultCamelContext();
        context.getManagementStrategy().addEventNotifier(published);
        BridgeTestSupport.configurePilot(context);
        context.addRoutes(new KafkaToPilotBridge());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=" + PILOT_TOPIC + "&socketPath=" + node.socketPath()).routeId("subscriber").process(subscriber);
            }
        });
        context.start();
        try {
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            long began = System.nanoTime();
            for (int i = 0; i < INSTANCES; i++) {
                TemplatedRouteBuilder.builder(context, KafkaToPilotBridge.ID).routeId("k2p-" + i)
                        .parameter("kafkaBrokers", kafka.bootstrapServers())
                        .parameter("kafkaTopic", TOPIC)
                        .parameter("groupId", "k2p-test")
                        .parameter("socketPath", node.socketPath().toString())
                        .parameter("retryDelay", "500")
                        .add();
            }
            await("a quarter of the records published").atMost(Duration.ofSeconds(180))
                    .until(() -> published.ids.distinct() >= RECORDS / 4);
            int beforeOutage = published.ids.distinct();
            kafka.stop();
            // not a blip: Kafka stays down until an offset commit has failed (and is being redelivered)
            await("a commit failed while Kafka was down").atMost(Duration.ofSeconds(180))
                    .until(() -> redeliveries(context) > 0);
            int duringOutage = published.ids.distinct() - beforeOutage;
            kafka.start();

            await("every record published at least once").atMost(Duration.ofSeconds(300))
                    .until(() -> published.ids.distinct() >= RECORDS);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            System.out.printf("kafka-to-pilot: %d records, %d instances; Kafka stopped after %d ids were published, restarted once"
                            + " a commit had failed (%d ids published meanwhile, %d redeliveries); published %d times, %d distinct,"
                            + " %d duplicates, in %d ms; a Pilot subscriber received %d distinct (not guaranteed)%n",
                    RECORDS, INSTANCES, beforeOutage, duringOutage, redeliveries(context), published.ids.total.get(),
                    published.ids.distinct(), published.ids.duplicates(), elapsedMs, subscriber.distinct());
            List<String> missing = published.ids.missing("id-", RECORDS);
            assertTrue(missing.isEmpty(), missing.size() + " record ids never published, e.g. "
                    + missing.subList(0, Math.min(10, missing.size())));
            assertEquals(RECORDS, published.ids.distinct(), "no ids other than the produced ones");
        } finally {
            context.stop();
        }
    }

    /** Redeliveries (failed publishes or commits being retried) of all kafka-to-pilot instances. */
    private static long redeliveries(CamelContext context) {
        long sum = 0;
        for (int i = 0; i < INSTANCES; i++) {
            sum += BridgeTestSupport.route(context, "k2p-" + i).getRedeliveries();
        }
        return sum;
    }

    private void produce(int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                // spread over every partition, so every instance has work (keys could leave some partitions empty)
                ProducerRecord<String, String> r = new ProducerRecord<>(TOPIC, i % INSTANCES, "k" + (i % 64), "id-" + i);
                r.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, PILOT_TOPIC.getBytes(StandardCharsets.UTF_8));
                sends.add(producer.send(r));
            }
            producer.flush();
            // every record must be in Kafka before the bridges start: a send that failed would otherwise show up
            // only as a record id "never published", after the last wait's timeout
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        }
    }
}
