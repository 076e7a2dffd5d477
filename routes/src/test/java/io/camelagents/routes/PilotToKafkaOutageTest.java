package io.camelagents.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * pilot-to-kafka rides out a Kafka outage without losing anything its intake accepted (the bounded buffer holds
 * it), and past the buffer's limit it overflows explicitly: every accepted event is either in Kafka or at the
 * overflow endpoint, never both, never neither. What the intake accepts in the first place depends on Pilot
 * (no acknowledgements, no replay) and is printed, not asserted.
 */
@PilotNetwork(nodes = 1, hostnamePrefix = "p2k")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PilotToKafkaOutageTest {
    private EmbeddedKafka kafka;
    private PilotNode node;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeAll
    void startBrokers(LocalPilotNetwork network) {
        node = network.node(0);
        kafka = new EmbeddedKafka().start();
        kafka.createTopic("events", 1);
        kafka.createTopic("overflow-events", 1);
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
        context.addRoutes(new PilotToKafkaTemplates());
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
        if (!kafka.isRunning()) {
            kafka.start();
        }
    }

    private void addBridge(String name, String pilotTopic, String kafkaTopic, int bufferSize, String overflowUri) throws Exception {
        TemplatedRouteBuilder.builder(context, PilotToKafkaTemplates.INTAKE_ID).routeId(name + "-intake")
                .parameter("pilotTopic", pilotTopic)
                .parameter("socketPath", node.socketPath().toString())
                .parameter("bufferName", name)
                .parameter("bufferSize", Integer.toString(bufferSize))
                .parameter("offerTimeoutMs", "100")
                .parameter("overflowUri", overflowUri)
                .add();
        TemplatedRouteBuilder.builder(context, PilotToKafkaTemplates.SENDER_ID).routeId(name + "-sender")
                .parameter("kafkaBrokers", kafka.bootstrapServers())
                .parameter("kafkaTopic", kafkaTopic)
                .parameter("bufferName", name)
                .parameter("bufferSize", Integer.toString(bufferSize))
                .add();
        PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
    }

    /** Publishes id-0..id-(count-1) through the paced pilot: producer (100/s) on a Camel-managed thread. */
    private Future<?> publish(String topic, int count, AtomicInteger published) {
        ExecutorService pool = context.getExecutorServiceManager().newSingleThreadExecutor(this, "test-publisher");
        Future<?> done = pool.submit(() -> {
            for (int i = 0; i < count; i++) {
                template.sendBodyAndHeader("pilot:events?socketPath=" + node.socketPath(), "id-" + i, PilotConstants.TOPIC, topic);
                published.incrementAndGet();
            }
        });
        pool.shutdown();
        return done;
    }

    private static Set<String> ids(int count) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ids.add("id-" + i);
        }
        return ids;
    }

    @Test
    void kafkaOutageLosesNothingTheIntakeAccepted() throws Exception {
        int events = 5000; // 50 s at the publisher's 100/s
        int outageBacklog = 2000; // Kafka stays down until the buffer holds this many: ~20 s at 100/s
        addBridge("p2k", "bridge.events", "events", 10_000, "mock:overflow");
        MockEndpoint overflow = context.getEndpoint("mock:overflow", MockEndpoint.class);
        AtomicInteger published = new AtomicInteger();
        Future<?> publishing = publish("bridge.events", events, published);

        await("1000 events published").atMost(Duration.ofSeconds(120)).until(() -> published.get() >= 1000);
        kafka.stop();
        int atStop = published.get();
        SedaEndpoint buffer = context.getEndpoint("seda:p2k", SedaEndpoint.class);
        await("the buffer holding " + outageBacklog + " events while Kafka is down").atMost(Duration.ofSeconds(180))
                .until(() -> buffer.getCurrentQueueSize() >= outageBacklog);
        int atRestart = published.get();
        int backlog = buffer.getCurrentQueueSize();
        kafka.start();
        publishing.get(300, TimeUnit.SECONDS);

        try (KafkaTopicReader kafkaOut = new KafkaTopicReader(kafka.bootstrapServers(), "events")) {
            BridgeTestSupport.awaitIntakeAccountedFor(context, "p2k-intake", kafkaOut, overflow::getReceivedCounter, Duration.ofSeconds(180));
            long accepted = BridgeTestSupport.exchangesTotal(context, "p2k-intake");
            List<ConsumerRecord<String, String>> records = kafkaOut.records();
            System.out.printf("pilot-to-kafka outage: published %d (Kafka down from #%d to #%d, buffer held %d of 10000 then),"
                            + " intake accepted %d (the rest Pilot did not deliver), overflowed %d, Kafka holds %d records / %d distinct%n",
                    published.get(), atStop, atRestart, backlog, accepted, overflow.getReceivedCounter(), records.size(), kafkaOut.values().size());

            assertEquals(0, overflow.getReceivedCounter(), "the buffer (10000) never filled");
            assertEquals(accepted, kafkaOut.values().size(), "every event the intake accepted is in Kafka");
            assertTrue(ids(events).containsAll(kafkaOut.values()), "Kafka holds only published events");
            assertEquals(records.size(), kafkaOut.values().size(), "idempotent producer: no duplicates");
            ConsumerRecord<String, String> first = records.get(0);
            assertEquals("bridge.events", first.key(), "record key = Pilot topic");
            assertEquals("bridge.events", BridgeTestSupport.header(first, BridgeHeaders.KAFKA_PILOT_TOPIC));
            assertEquals(node.address(), BridgeTestSupport.header(first, BridgeHeaders.KAFKA_PILOT_BROKER));
            assertTrue(Long.parseLong(BridgeTestSupport.header(first, BridgeHeaders.KAFKA_PILOT_RECEIVED_AT)) > 0);
        }
    }

    @Test
    void pastTheBufferLimitEventsOverflowExplicitly() throws Exception {
        int events = 300;
        int bufferSize = 100;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:overflow").routeId("overflow-counter").to("mock:overflowed");
            }
        });
        addBridge("small", "bridge.small", "overflow-events", bufferSize, "direct:overflow");
        MockEndpoint overflowed = context.getEndpoint("mock:overflowed", MockEndpoint.class);
        SedaEndpoint buffer = context.getEndpoint("seda:small", SedaEndpoint.class);
        kafka.stop();
        AtomicInteger published = new AtomicInteger();
        publish("bridge.small", events, published).get(120, TimeUnit.SECONDS);
        // Kafka is down: the sender holds one event (its send waits for Kafka), nothing drains the queue, so an
        // event overflows only once the queue is full, and the queue stays full
        await("the first overflow").atMost(Duration.ofSeconds(60)).until(() -> overflowed.getReceivedCounter() > 0);
        assertEquals(bufferSize, buffer.getCurrentQueueSize(), "events overflow only when the buffer is full");
        kafka.start();

        try (KafkaTopicReader kafkaOut = new KafkaTopicReader(kafka.bootstrapServers(), "overflow-events")) {
            BridgeTestSupport.awaitIntakeAccountedFor(context, "small-intake", kafkaOut, overflowed::getReceivedCounter, Duration.ofSeconds(180));
            long accepted = BridgeTestSupport.exchangesTotal(context, "small-intake");
            Set<String> inKafka = kafkaOut.values();
            Set<String> overflowIds = new HashSet<>();
            overflowed.getExchanges().forEach(e -> overflowIds.add(e.getIn().getBody(String.class)));
            System.out.printf("pilot-to-kafka overflow: buffer %d, Kafka down, published %d, intake accepted %d: overflowed %d,"
                            + " delivered after the restart %d%n", bufferSize, events, accepted, overflowIds.size(), inKafka.size());

            assertTrue(inKafka.size() >= bufferSize, "the full buffer reached Kafka after the restart: " + inKafka.size());
            assertEquals(overflowed.getReceivedCounter(), overflowIds.size(), "each overflowed event once");
            Set<String> both = new HashSet<>(inKafka);
            both.retainAll(overflowIds);
            assertTrue(both.isEmpty(), "never in Kafka and at the overflow endpoint: " + both);
            assertEquals(accepted, inKafka.size() + overflowIds.size(), "every accepted event is in Kafka or at the overflow endpoint");
            assertTrue(ids(events).containsAll(inKafka) && ids(events).containsAll(overflowIds), "only published events");
        }
    }
}
