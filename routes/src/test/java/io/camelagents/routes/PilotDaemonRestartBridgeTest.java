package io.camelagents.routes;

import static io.camelagents.routes.BridgeTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bridge's own Pilot daemon (node A) restarts in the middle of a run; node B hosts the event broker and the
 * test's publisher/subscriber. Counts in and out are printed. kafka-to-pilot (at-least-once) must deliver every
 * record; pilot-to-kafka cannot receive what Pilot publishes while its daemon is down (Pilot keeps nothing), but
 * must not lose anything it did receive.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "drs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PilotDaemonRestartBridgeTest {
    private EmbeddedKafka kafka;
    private PilotNode a;
    private PilotNode b;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeAll
    void startBrokers(LocalPilotNetwork network) {
        a = network.node(0);
        b = network.node(1);
        kafka = new EmbeddedKafka().start();
        kafka.createTopic("to-pilot", 1);
        kafka.createTopic("from-pilot", 1);
    }

    @AfterAll
    void stopBrokers() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void camel() throws Exception {
        context = new DefaultCamelContext();
        BridgeTestSupport.configurePilot(context);
        context.addRoutes(new KafkaToPilotTemplate());
        context.addRoutes(new PilotToKafkaTemplates());
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    @Test
    void kafkaToPilotDeliversEveryRecordAcrossABridgeDaemonRestart() throws Exception {
        int records = 2000;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>("to-pilot", null, "id-" + i);
                r.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, "restart.k2p".getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }
        BridgeTestSupport.IdCounter counter = new BridgeTestSupport.IdCounter();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=restart.k2p&socketPath=" + b.socketPath()).routeId("counter-on-b").process(counter);
            }
        });
        context.start();
        BridgeTestSupport.awaitPilotConsumersReady(context, Duration.ofSeconds(60));
        TemplatedRouteBuilder.builder(context, KafkaToPilotTemplate.ID).routeId("k2p")
                .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", "to-pilot")
                .parameter("groupId", "restart-test")
                .parameter("socketPath", a.socketPath().toString()).parameter("pilotBroker", b.address())
                .parameter("retryDelay", "500").parameter("retries", "60")
                .add();
        await("500 ids at B", Duration.ofSeconds(60), () -> counter.distinct() >= 500);
        int beforeRestart = counter.distinct();
        long began = System.nanoTime();
        a.restart(Duration.ofSeconds(30));
        long restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (counter.distinct() < records && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1000);
        System.out.printf("kafka-to-pilot across a restart of the bridge's daemon (%d ms, after %d ids): records in %d,"
                        + " events out %d, distinct %d, duplicates %d%n",
                restartMs, beforeRestart, records, counter.total.get(), counter.distinct(), counter.duplicates());
        List<String> missing = counter.missing("id-", records);
        assertTrue(missing.isEmpty(), missing.size() + " ids lost, e.g. " + missing.subList(0, Math.min(10, missing.size())));
    }

    @Test
    void pilotToKafkaLosesNothingItReceivedAcrossABridgeDaemonRestart() throws Exception {
        int events = 2000;
        context.start();
        TemplatedRouteBuilder.builder(context, PilotToKafkaTemplates.INTAKE_ID).routeId("p2k-intake")
                .parameter("pilotTopic", "restart.p2k").parameter("pilotBroker", b.address())
                .parameter("socketPath", a.socketPath().toString()).parameter("bufferName", "restart")
                .add();
        TemplatedRouteBuilder.builder(context, PilotToKafkaTemplates.SENDER_ID).routeId("p2k-sender")
                .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", "from-pilot")
                .parameter("bufferName", "restart")
                .add();
        BridgeTestSupport.awaitPilotConsumersReady(context, Duration.ofSeconds(60));

        AtomicInteger published = new AtomicInteger();
        ExecutorService pool = context.getExecutorServiceManager().newSingleThreadExecutor(this, "test-publisher-on-b");
        Future<?> publishing = pool.submit(() -> {
            for (int i = 0; i < events; i++) {
                template.sendBodyAndHeader("pilot:events?socketPath=" + b.socketPath(), "id-" + i, PilotConstants.TOPIC, "restart.p2k");
                published.incrementAndGet();
            }
        });
        pool.shutdown();
        await("500 published", Duration.ofSeconds(60), () -> published.get() >= 500);
        long began = System.nanoTime();
        a.restart(Duration.ofSeconds(30));
        long restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        publishing.get(120, TimeUnit.SECONDS);
        BridgeTestSupport.awaitRouteIdle(context, "p2k-intake");
        long received = BridgeTestSupport.exchangesTotal(context, "p2k-intake");
        List<ConsumerRecord<String, String>> records = BridgeTestSupport.readTopic(kafka.bootstrapServers(), "from-pilot",
                (int) received, Duration.ofSeconds(60));
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(r.value()));
        System.out.printf("pilot-to-kafka across a restart of the bridge's daemon (%d ms): published at B %d, received by the"
                        + " intake %d, not received (published while A was down or resubscribing) %d, in Kafka %d distinct / %d records%n",
                restartMs, published.get(), received, published.get() - received, ids.size(), records.size());
        assertEquals(received, ids.size(), "everything the intake received is in Kafka");
        assertTrue(ids.contains("id-" + (events - 1)), "the intake subscribed again after the restart");
        assertTrue(received < events, "events published while the daemon was down cannot reach the bridge");
    }
}
