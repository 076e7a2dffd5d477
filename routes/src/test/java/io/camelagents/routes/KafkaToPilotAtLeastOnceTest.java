package io.camelagents.routes;

import static io.camelagents.routes.BridgeTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.camelagents.brokers.EmbeddedKafka;
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
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kafka-to-pilot is at-least-once: 10,000 records go through four template instances (one consumer group, four
 * partitions, four Pilot publisher connections at the default 100/s each) while the Kafka broker is stopped for
 * 10 s in the middle; a counting pilot:events subscriber must see every record id (duplicates allowed, losses not).
 */
@PilotNetwork(nodes = 1, hostnamePrefix = "k2p")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaToPilotAtLeastOnceTest {
    static final int RECORDS = 10_000;
    static final int INSTANCES = 4;
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
    void brokerRestartInTheMiddleOfTenThousandRecordsLosesNone() throws Exception {
        produce(RECORDS);
        BridgeTestSupport.IdCounter counter = new BridgeTestSupport.IdCounter();
        CamelContext context = new DefaultCamelContext();
        BridgeTestSupport.configurePilot(context);
        context.addRoutes(new KafkaToPilotTemplate());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=" + PILOT_TOPIC + "&socketPath=" + node.socketPath()).routeId("counter").process(counter);
            }
        });
        context.start();
        try {
            BridgeTestSupport.awaitPilotConsumersReady(context, Duration.ofSeconds(60));
            long began = System.nanoTime();
            for (int i = 0; i < INSTANCES; i++) {
                TemplatedRouteBuilder.builder(context, KafkaToPilotTemplate.ID).routeId("k2p-" + i)
                        .parameter("kafkaBrokers", kafka.bootstrapServers())
                        .parameter("kafkaTopic", TOPIC)
                        .parameter("groupId", "k2p-test")
                        .parameter("socketPath", node.socketPath().toString())
                        .parameter("retryDelay", "500")
                        .add();
            }
            await("a quarter of the records", Duration.ofSeconds(120), () -> counter.distinct() >= RECORDS / 4);
            int beforeRestart = counter.distinct();
            long restartBegan = System.nanoTime();
            kafka.stop();
            Thread.sleep(10_000); // long enough for commits and fetches to fail, not just a blip
            kafka.start();
            long restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartBegan);
            int duringRestart = counter.distinct() - beforeRestart;

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (counter.distinct() < RECORDS && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            Thread.sleep(2000); // late duplicates still count
            System.out.printf("kafka-to-pilot: %d records, %d instances; Kafka stopped for 10 s after %d ids (stop+10 s+start took %d ms, %d ids arrived"
                            + " meanwhile); received %d events, %d distinct, %d duplicates, in %d ms%n",
                    RECORDS, INSTANCES, beforeRestart, restartMs, duringRestart, counter.total.get(), counter.distinct(),
                    counter.duplicates(), elapsedMs);
            List<String> missing = counter.missing("id-", RECORDS);
            assertTrue(missing.isEmpty(), missing.size() + " record ids never reached Pilot, e.g. "
                    + missing.subList(0, Math.min(10, missing.size())));
            assertEquals(RECORDS, counter.distinct(), "no ids other than the produced ones");
        } finally {
            context.stop();
        }
    }

    private void produce(int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(TOPIC, "k" + (i % 64), "id-" + i);
                r.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, PILOT_TOPIC.getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }
    }
}
