package io.camelagents.bridge.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.BridgeTestSupport;
import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
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
 * test's publisher/subscriber. Each bridge is held to its documented guarantee: kafka-to-pilot publishes every
 * record at least once (what B's subscriber then sees is printed: events A had accepted but not forwarded when it
 * stopped are lost, and Pilot cannot tell); pilot-to-kafka loses nothing its intake accepted, receives nothing
 * that was published while A was down (Pilot keeps nothing), and receives everything published after its new
 * subscription was confirmed.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "drs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PilotDaemonRestartBridgeTest {
    private LocalPilotNetwork network;
    private EmbeddedKafka kafka;
    private PilotNode a;
    private PilotNode b;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeAll
    void startBrokers(LocalPilotNetwork network) {
        this.network = network;
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
        context.addRoutes(new KafkaToPilotBridge());
        context.addRoutes(new PilotToKafkaBridge());
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    @Test
    void kafkaToPilotPublishesEveryRecordAcrossABridgeDaemonRestart() throws Exception {
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
        PublishedIds published = new PublishedIds("k2p");
        context.getManagementStrategy().addEventNotifier(published);
        BridgeTestSupport.IdCounter atB = new BridgeTestSupport.IdCounter();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=restart.k2p&socketPath=" + b.socketPath()).routeId("subscriber-on-b").process(atB);
            }
        });
        context.start();
        PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
        TemplatedRouteBuilder.builder(context, KafkaToPilotBridge.ID).routeId("k2p")
                .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", "to-pilot")
                .parameter("groupId", "restart-test")
                .parameter("socketPath", a.socketPath().toString()).parameter("pilotBroker", b.address())
                .parameter("retryDelay", "500").parameter("retries", "60")
                .add();
        await("500 records published through A").atMost(Duration.ofSeconds(120)).until(() -> published.ids.distinct() >= 500);
        int beforeRestart = published.ids.distinct();
        long began = System.nanoTime();
        a.restart(Duration.ofSeconds(30));
        long restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        await("every record published at least once").atMost(Duration.ofSeconds(180))
                .until(() -> published.ids.distinct() >= records);
        System.out.printf("kafka-to-pilot across a restart of the bridge's daemon (%d ms, after %d ids): records in %d,"
                        + " publishes %d, distinct %d, duplicates %d; B's subscriber received %d distinct (not guaranteed)%n",
                restartMs, beforeRestart, records, published.ids.total.get(), published.ids.distinct(), published.ids.duplicates(),
                atB.distinct());
        List<String> missing = published.ids.missing("id-", records);
        assertTrue(missing.isEmpty(), missing.size() + " ids never published, e.g. " + missing.subList(0, Math.min(10, missing.size())));
        assertEquals(records, published.ids.distinct(), "no ids other than the produced ones");
    }

    @Test
    void pilotToKafkaLosesNothingItAcceptedAcrossABridgeDaemonRestart() throws Exception {
        context.start();
        TemplatedRouteBuilder.builder(context, PilotToKafkaBridge.ID).routeId("p2k")
                .parameter("pilotTopic", "restart.p2k").parameter("pilotBroker", b.address())
                .parameter("socketPath", a.socketPath().toString()).parameter("bufferName", "restart")
                .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", "from-pilot")
                .add();
        PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));

        // B publishes id-0, id-1, ... (paced at 100/s) until told to stop; `published` = ids sent so far
        AtomicInteger published = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = context.getExecutorServiceManager().newSingleThreadExecutor(this, "test-publisher-on-b");
        Future<?> publishing = pool.submit(() -> {
            for (int i = 0; !stop.get(); i++) {
                template.sendBodyAndHeader("pilot:events?socketPath=" + b.socketPath(), "id-" + i, PilotConstants.TOPIC, "restart.p2k");
                published.set(i + 1);
            }
        });
        pool.shutdown();
        try (KafkaTopicReader kafkaOut = new KafkaTopicReader(kafka.bootstrapServers(), "from-pilot")) {
            await("events flowing to Kafka before the restart").atMost(Duration.ofSeconds(120))
                    .until(() -> kafkaOut.poll().values().size() >= 200);

            a.stop();
            int downFrom = published.get();
            await("100 events published while A is down").atMost(Duration.ofSeconds(60)).until(() -> published.get() >= downFrom + 100);
            int downTo = published.get();
            a.start(network.registryAddress(), Duration.ofSeconds(30));
            int startedAt = published.get();

            // Pilot does not acknowledge subscriptions: the new one is confirmed when an event published after the
            // restart comes out in Kafka; from then on, everything published must arrive
            await("an event published after the restart in Kafka").atMost(Duration.ofSeconds(120))
                    .until(() -> kafkaOut.poll().values().stream().anyMatch(id -> index(id) >= startedAt));
            int confirmedAt = published.get();
            await("200 events published after the confirmation").atMost(Duration.ofSeconds(60))
                    .until(() -> published.get() >= confirmedAt + 200);
            stop.set(true);
            publishing.get(60, TimeUnit.SECONDS);
            int total = published.get();

            KafkaBridgeTestSupport.awaitIntakeAccountedFor(context, "p2k", kafkaOut, () -> 0, Duration.ofSeconds(120));
            long accepted = BridgeTestSupport.exchangesTotal(context, "p2k");
            Set<String> inKafka = kafkaOut.values();
            List<String> whileDown = range(downFrom, downTo).stream().filter(inKafka::contains).toList();
            List<String> lostAfterConfirmation = range(confirmedAt, total).stream().filter(id -> !inKafka.contains(id)).toList();
            System.out.printf("pilot-to-kafka across a restart of the bridge's daemon: published at B %d (A down from #%d to #%d,"
                            + " subscription confirmed again at #%d), accepted by the intake %d, in Kafka %d distinct / %d records%n",
                    total, downFrom, downTo, confirmedAt, accepted, inKafka.size(), kafkaOut.records().size());

            assertEquals(accepted, inKafka.size(), "everything the intake accepted is in Kafka");
            assertEquals(kafkaOut.records().size(), inKafka.size(), "no duplicates");
            assertTrue(whileDown.isEmpty(), "events published while the daemon was down cannot reach the bridge: " + whileDown);
            assertTrue(lostAfterConfirmation.isEmpty(), "published after the resubscription was confirmed, missing in Kafka: "
                    + lostAfterConfirmation);
        } finally {
            stop.set(true);
        }
    }

    private static int index(String id) {
        return Integer.parseInt(id.substring("id-".length()));
    }

    private static List<String> range(int fromInclusive, int toExclusive) {
        List<String> ids = new ArrayList<>();
        for (int i = fromInclusive; i < toExclusive; i++) {
            ids.add("id-" + i);
        }
        return ids;
    }
}
