package io.camelagents.bridge.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.BridgeTestSupport;
import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import io.camelagents.pilot.testkit.RawEventPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * pilot-to-kafka at the network's rate (32 publishers on their own connections, 95 events/s each: about 3,000/s
 * offered) rides out a Kafka restart without losing anything its buffer accepted, and past the buffer's limit it
 * overflows explicitly with an exact count: every accepted event is either in Kafka or at the overflow endpoint,
 * never both, never neither. What reaches the route in the first place depends on Pilot (no acknowledgements, no
 * replay) and on this machine's load, so it is printed, not asserted; rates are for the benchmark.
 */
@PilotNetwork(nodes = 1, hostnamePrefix = "p2k")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PilotToKafkaOutageTest {
    private static final int PUBLISHERS = 32;
    private static final int RATE_EACH = 95;

    private EmbeddedKafka kafka;
    private PilotNode node;
    private PilotDriver driver;
    private CamelContext context;
    private final List<RawEventPublisher> publishers = new ArrayList<>();

    @BeforeAll
    void startBrokers(LocalPilotNetwork network) throws Exception {
        node = network.node(0);
        driver = PilotDriver.connect(node.socketPath().toString());
        kafka = new EmbeddedKafka().start();
        kafka.createTopic("events", 4);
        kafka.createTopic("overflow-events", 1);
    }

    @AfterAll
    void stopBrokers() {
        if (driver != null) {
            driver.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private SimpleMeterRegistry meters;

    @BeforeEach
    void camel() throws Exception {
        context = new DefaultCamelContext();
        meters = new SimpleMeterRegistry();
        context.getRegistry().bind("meters", meters);
        BridgeTestSupport.configurePilot(context);
        context.addRoutes(new PilotToKafkaBridge());
        context.start();
    }

    @AfterEach
    void stopCamel() {
        publishers.forEach(RawEventPublisher::close);
        publishers.clear();
        context.stop();
        if (!kafka.isRunning()) {
            kafka.start();
        }
    }

    private KafkaSendBuffer addBridge(String name, String pilotTopic, String kafkaTopic, int bufferSize, String overflowUri)
            throws Exception {
        TemplatedRouteBuilder.builder(context, PilotToKafkaBridge.ID).routeId(name)
                .parameter("pilotTopic", pilotTopic)
                .parameter("socketPath", node.socketPath().toString())
                .parameter("kafkaBrokers", kafka.bootstrapServers())
                .parameter("kafkaTopic", kafkaTopic)
                .parameter("bufferName", name)
                .parameter("bufferSize", Integer.toString(bufferSize))
                .parameter("overflowUri", overflowUri)
                .add();
        PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
        KafkaSendBuffer buffer = context.getRegistry().lookupByNameAndType(name, KafkaSendBuffer.class);
        assertNotNull(buffer, "the running bridge's buffer is in the registry under its bufferName");
        return buffer;
    }

    /** PUBLISHERS raw connections, RATE_EACH events/s each, eventsEach events per publisher; returns their threads. */
    private List<Thread> publish(String topic, int eventsEach) throws Exception {
        PilotAddress broker = PilotAddress.parse(node.address());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(eventsEach / RATE_EACH * 4L + 120);
        for (int i = 0; i < PUBLISHERS; i++) {
            RawEventPublisher p = new RawEventPublisher(i, driver, broker, RATE_EACH);
            publishers.add(p);
            threads.add(p.startPublishing(topic, eventsEach, go, deadline));
        }
        go.countDown();
        return threads;
    }

    private void awaitPublished(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(5));
            assertTrue(!t.isAlive(), "publisher finished");
        }
        for (RawEventPublisher p : publishers) {
            assertNull(p.failure(), "publisher " + p.index() + " failed");
        }
    }

    /** Publisher index and sequence number of a RawEventPublisher payload read back as ISO-8859-1 text. */
    private static long[] decode(String value) {
        ByteBuffer b = ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1));
        return new long[] {b.getInt(), b.getLong()};
    }

    /** True when the value is an event one of the publishers actually sent. */
    private boolean published(String value) {
        if (value.length() != RawEventPublisher.PAYLOAD_BYTES) {
            return false;
        }
        long[] id = decode(value);
        return id[0] >= 0 && id[0] < publishers.size() && id[1] >= 0 && id[1] < publishers.get((int) id[0]).sent();
    }

    /** Publisher, sequence and length of a few values, for a failure message. */
    private static String describe(List<String> values) {
        StringBuilder b = new StringBuilder();
        for (String v : values.subList(0, Math.min(5, values.size()))) {
            b.append(v.length() == RawEventPublisher.PAYLOAD_BYTES ? java.util.Arrays.toString(decode(v)) : "length " + v.length()).append(' ');
        }
        return b.toString();
    }

    @Test
    void kafkaRestartDuringA3000PerSecondStreamLosesNothingTheBufferAccepted() throws Exception {
        int eachEvents = RATE_EACH * 20; // 20 s at the offered 3,040/s
        int outageBacklog = 6000; // Kafka stays down until the buffer holds this many: ~2 s at 3,000/s
        KafkaSendBuffer buffer = addBridge("fast", "bridge.fast", "events", 200_000, "mock:overflow");
        MockEndpoint overflow = context.getEndpoint("mock:overflow", MockEndpoint.class);
        List<Thread> threads = publish("bridge.fast", eachEvents);

        await("3000 events in Kafka").atMost(Duration.ofSeconds(120)).until(() -> buffer.getSent() >= 3000);
        kafka.stop();
        long sentAtStop = buffer.getSent();
        await("the buffer holding " + outageBacklog + " events while Kafka is down").atMost(Duration.ofSeconds(120))
                .until(() -> buffer.getHeld() >= outageBacklog);
        int heldAtRestart = buffer.getHeld();
        kafka.start();
        awaitPublished(threads);

        try (KafkaTopicReader kafkaOut = new KafkaTopicReader(kafka.bootstrapServers(), "events")) {
            KafkaBridgeTestSupport.awaitIntakeAccountedFor(context, "fast", kafkaOut, overflow::getReceivedCounter, Duration.ofSeconds(180));
            long accepted = BridgeTestSupport.exchangesTotal(context, "fast");
            List<ConsumerRecord<String, String>> records = kafkaOut.records();
            long offered = publishers.stream().mapToLong(RawEventPublisher::sent).sum();
            System.out.printf("pilot-to-kafka Kafka restart at %d x %d/s: published %d, Kafka down after %d sent, buffer held %d"
                            + " then; route accepted %d (the rest Pilot did not deliver), overflowed %d, Kafka holds %d records"
                            + " / %d distinct%n", PUBLISHERS, RATE_EACH, offered, sentAtStop, heldAtRestart, accepted,
                    overflow.getReceivedCounter(), records.size(), kafkaOut.values().size());

            assertEquals(0, overflow.getReceivedCounter(), "the buffer (200000) never filled");
            assertEquals(0, buffer.getOverflowed());
            assertEquals(accepted, kafkaOut.values().size(), "every event the route accepted is in Kafka");
            assertEquals(accepted, buffer.getSent(), "the buffer counted each acknowledgement once");
            assertEquals(0, buffer.getHeld());
            List<String> strangers = new ArrayList<>(kafkaOut.values());
            strangers.removeIf(this::published);
            assertTrue(strangers.isEmpty(), "Kafka holds only published events, not " + strangers.size() + " like " + describe(strangers));
            assertEquals(records.size(), kafkaOut.values().size(), "idempotent producer: no duplicates");
            ConsumerRecord<String, String> first = records.get(0);
            assertEquals("bridge.fast", first.key(), "record key = Pilot topic");
            assertEquals("bridge.fast", KafkaBridgeTestSupport.header(first, BridgeHeaders.KAFKA_PILOT_TOPIC));
            assertEquals(node.address(), KafkaBridgeTestSupport.header(first, BridgeHeaders.KAFKA_PILOT_BROKER));
            assertTrue(Long.parseLong(KafkaBridgeTestSupport.header(first, BridgeHeaders.KAFKA_PILOT_RECEIVED_AT)) > 0);
        }
    }

    @Test
    void pastTheBufferLimitEventsOverflowWithAnExactCount() throws Exception {
        int eachEvents = RATE_EACH * 3; // ~9,000 events in 3 s
        int bufferSize = 2000;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:overflow").routeId("overflow-counter").to("mock:overflowed");
            }
        });
        KafkaSendBuffer buffer = addBridge("small", "bridge.small", "overflow-events", bufferSize, "direct:overflow");
        MockEndpoint overflowed = context.getEndpoint("mock:overflowed", MockEndpoint.class);
        kafka.stop();
        awaitPublished(publish("bridge.small", eachEvents));
        // Kafka is down, so nothing leaves the buffer: an event overflows only once it is full, and it stays full
        await("the first overflow").atMost(Duration.ofSeconds(60)).until(() -> overflowed.getReceivedCounter() > 0);
        assertEquals(bufferSize, buffer.getHeld(), "events overflow only when the buffer is full");
        kafka.start();

        try (KafkaTopicReader kafkaOut = new KafkaTopicReader(kafka.bootstrapServers(), "overflow-events")) {
            KafkaBridgeTestSupport.awaitIntakeAccountedFor(context, "small", kafkaOut, overflowed::getReceivedCounter, Duration.ofSeconds(180));
            long accepted = BridgeTestSupport.exchangesTotal(context, "small");
            Set<String> inKafka = kafkaOut.values();
            Set<String> overflowIds = new HashSet<>();
            overflowed.getExchanges().forEach(e -> overflowIds.add(new String(e.getIn().getBody(byte[].class), StandardCharsets.ISO_8859_1)));
            System.out.printf("pilot-to-kafka overflow: buffer %d, Kafka down, published %d, route accepted %d: overflowed %d"
                            + " (buffer counted %d), delivered after the restart %d%n", bufferSize,
                    publishers.stream().mapToLong(RawEventPublisher::sent).sum(), accepted, overflowIds.size(),
                    buffer.getOverflowed(), inKafka.size());

            assertEquals(bufferSize, inKafka.size(), "the full buffer, and only it, reached Kafka after the restart");
            assertEquals(overflowed.getReceivedCounter(), overflowIds.size(), "each overflowed event once");
            assertEquals(overflowIds.size(), buffer.getOverflowed(), "the buffer's overflow count is exact");
            assertEquals(buffer.getOverflowed(), (long) meters.get("pilot.buffer.overflows").tag("buffer", "small").counter().count(),
                    "the pilot.buffer.overflows meter counts the same");
            assertEquals(accepted - bufferSize, buffer.getOverflowed(), "every accepted event not in Kafka was counted as overflowed");
            Set<String> both = new HashSet<>(inKafka);
            both.retainAll(overflowIds);
            assertTrue(both.isEmpty(), "never in Kafka and at the overflow endpoint: " + both.size());
            List<String> strangers = new ArrayList<>(inKafka);
            strangers.addAll(overflowIds);
            strangers.removeIf(this::published);
            assertTrue(strangers.isEmpty(), "only published events, not " + strangers.size() + " like " + describe(strangers));
        }
    }
}
