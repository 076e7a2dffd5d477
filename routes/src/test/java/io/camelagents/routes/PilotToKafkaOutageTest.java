package io.camelagents.routes;

import static io.camelagents.routes.BridgeTestSupport.await;
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
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
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
 * pilot-to-kafka survives a 30 s Kafka outage without losing what it received (the bounded buffer holds it), and
 * past the buffer's limit it overflows explicitly: every event is either in Kafka or at the overflow endpoint.
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
        BridgeTestSupport.awaitPilotConsumersReady(context, Duration.ofSeconds(60));
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

    @Test
    void thirtySecondKafkaOutageLosesNothingTheBridgeReceived() throws Exception {
        int events = 5000; // 50 s at the publisher's 100/s: 10 s before, 30 s during, ~10 s after the outage
        addBridge("p2k", "bridge.events", "events", 10_000, "mock:overflow");
        AtomicInteger published = new AtomicInteger();
        Future<?> publishing = publish("bridge.events", events, published);

        await("1000 events published", Duration.ofSeconds(60), () -> published.get() >= 1000);
        kafka.stop();
        int atStop = published.get();
        SedaEndpoint buffer = context.getEndpoint("seda:p2k", SedaEndpoint.class);
        int maxDepth = 0;
        long outageEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < outageEnd) {
            maxDepth = Math.max(maxDepth, buffer.getCurrentQueueSize());
            Thread.sleep(200);
        }
        int atRestart = published.get();
        long restartBegan = System.nanoTime();
        kafka.start();
        long restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartBegan);
        publishing.get(120, TimeUnit.SECONDS);
        BridgeTestSupport.awaitRouteIdle(context, "p2k-intake");

        long intake = BridgeTestSupport.exchangesTotal(context, "p2k-intake");
        List<ConsumerRecord<String, String>> records = BridgeTestSupport.readTopic(kafka.bootstrapServers(), "events", events, Duration.ofSeconds(120));
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(r.value()));
        int overflowed = context.getEndpoint("mock:overflow", org.apache.camel.component.mock.MockEndpoint.class).getReceivedCounter();
        System.out.printf("pilot-to-kafka 30 s outage: published %d (outage from #%d to #%d, restart took %d ms), intake received %d,"
                        + " buffer peak %d of 10000, overflowed %d, Kafka holds %d records / %d distinct%n",
                published.get(), atStop, atRestart, restartMs, intake, maxDepth, overflowed, records.size(), ids.size());

        assertEquals(events, intake, "the intake received every published event (Pilot delivered them all)");
        assertEquals(0, overflowed, "the buffer was large enough");
        assertTrue(maxDepth > 1000, "the buffer really held the outage's events: peak " + maxDepth);
        assertEquals(events, ids.size(), "every received event is in Kafka");
        ConsumerRecord<String, String> first = records.get(0);
        assertEquals("bridge.events", first.key(), "record key = Pilot topic");
        assertEquals("bridge.events", BridgeTestSupport.header(first, BridgeHeaders.KAFKA_PILOT_TOPIC));
        assertEquals(node.address(), BridgeTestSupport.header(first, BridgeHeaders.KAFKA_PILOT_BROKER));
        assertTrue(Long.parseLong(BridgeTestSupport.header(first, BridgeHeaders.KAFKA_PILOT_RECEIVED_AT)) > 0);
        assertEquals(records.size(), ids.size(), "idempotent producer: no duplicates");
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
        kafka.stop();
        AtomicInteger published = new AtomicInteger();
        publish("bridge.small", events, published).get(60, TimeUnit.SECONDS);
        org.apache.camel.component.mock.MockEndpoint overflowed = context.getEndpoint("mock:overflowed", org.apache.camel.component.mock.MockEndpoint.class);
        await("intake handled all events", Duration.ofSeconds(30), () -> BridgeTestSupport.exchangesTotal(context, "small-intake") == events);
        int overflowCount = overflowed.getReceivedCounter();
        kafka.start();
        List<ConsumerRecord<String, String>> records = BridgeTestSupport.readTopic(kafka.bootstrapServers(), "overflow-events",
                events - overflowCount, Duration.ofSeconds(120));
        Set<String> inKafka = new HashSet<>();
        records.forEach(r -> inKafka.add(r.value()));
        Set<String> overflowIds = new HashSet<>();
        overflowed.getExchanges().forEach(e -> overflowIds.add(e.getIn().getBody(String.class)));
        System.out.printf("pilot-to-kafka overflow: buffer %d, Kafka down, published %d: overflowed %d, delivered after restart %d%n",
                bufferSize, events, overflowCount, inKafka.size());

        // one event is in the sender's hands (waiting for Kafka), bufferSize wait in the queue, the rest overflow
        assertTrue(overflowCount >= events - bufferSize - 1 && overflowCount <= events - bufferSize,
                "overflow count " + overflowCount);
        Set<String> all = new HashSet<>(inKafka);
        all.addAll(overflowIds);
        assertEquals(events, all.size(), "every event is either in Kafka or at the overflow endpoint");
        assertEquals(events, inKafka.size() + overflowIds.size(), "and never in both");
    }
}
