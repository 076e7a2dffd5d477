package io.camelagents.bridge.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.camelagents.brokers.EmbeddedKafka;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The buffer's own rules against a real Kafka broker, fed from a direct: route (no Pilot needed): failed sends are
 * resent and, after the last resend, dropped and counted with their slot freed; stopping drains what Kafka
 * acknowledges; two buffers cannot share a name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSendBufferTest {
    private EmbeddedKafka kafka;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeAll
    void startKafka() {
        kafka = new EmbeddedKafka().start();
    }

    @AfterAll
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void camel() {
        context = new DefaultCamelContext();
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

    /** A buffer whose sends give up after about 2 s without Kafka, fed by direct:{name}. */
    private KafkaSendBuffer addBuffer(String name, String topic, int sendRetries, int capacity) throws Exception {
        KafkaSendBuffer buffer = new KafkaSendBuffer();
        buffer.setName(name);
        buffer.setCapacity(capacity);
        buffer.setSendRetries(sendRetries);
        buffer.setRetryDelayMs(100);
        buffer.setDrainTimeoutMs(30_000);
        buffer.setKafkaUri("kafka:" + topic + "?brokers=" + kafka.bootstrapServers() + "&requestRequiredAcks=all"
                + "&enableIdempotence=true&synchronous=false&requestTimeoutMs=1000&deliveryTimeoutMs=2000&maxBlockMs=2000"
                + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + name).routeId(name).process(buffer);
            }
        });
        return buffer;
    }

    private void send(String name, String... values) {
        for (String v : values) {
            template.sendBody("direct:" + name, v.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Set<String> readAll(String topic, int expected) {
        try (KafkaTopicReader reader = new KafkaTopicReader(kafka.bootstrapServers(), topic)) {
            await(expected + " records in " + topic).atMost(Duration.ofSeconds(60)).until(() -> reader.poll().values().size() >= expected);
            // one more poll: anything beyond the expected records would show up now
            return new HashSet<>(reader.poll().values());
        }
    }

    @Test
    void failedSendsAreResentThenDroppedAndCountedWithTheirSlotFreed() throws Exception {
        kafka.createTopic("drops", 1);
        KafkaSendBuffer buffer = addBuffer("drops", "drops", 1, 100);
        kafka.stop();
        send("drops", "lost-1", "lost-2", "lost-3");
        assertEquals(3, buffer.getHeld());
        await("every event sent twice, then dropped").atMost(Duration.ofSeconds(120)).until(() -> buffer.getDropped() == 3);
        assertEquals(3, buffer.getResent(), "one resend each (sendRetries=1)");
        assertEquals(0, buffer.getHeld(), "a dropped event frees its slot");
        assertEquals(0, buffer.getSent());

        kafka.start();
        send("drops", "kept-1", "kept-2");
        await("the later events acknowledged").atMost(Duration.ofSeconds(120)).until(() -> buffer.getSent() == 2);
        assertEquals(Set.of("kept-1", "kept-2"), readAll("drops", 2), "the dropped events never reached Kafka");
    }

    @Test
    void aSendThatFailedWhileKafkaWasDownIsResentAndArrivesOnce() throws Exception {
        kafka.createTopic("resends", 1);
        KafkaSendBuffer buffer = addBuffer("resends", "resends", 1000, 100);
        kafka.stop();
        send("resends", "a", "b", "c");
        await("the first failed sends").atMost(Duration.ofSeconds(60)).until(() -> buffer.getResent() >= 3);
        kafka.start();
        await("all three acknowledged").atMost(Duration.ofSeconds(120)).until(() -> buffer.getSent() == 3);
        assertEquals(0, buffer.getDropped());
        assertEquals(0, buffer.getHeld());
        try (KafkaTopicReader reader = new KafkaTopicReader(kafka.bootstrapServers(), "resends")) {
            await("three records").atMost(Duration.ofSeconds(60)).until(() -> reader.poll().records().size() >= 3);
            reader.poll();
            assertEquals(3, reader.records().size(), "each once: " + reader.values());
            assertEquals(Set.of("a", "b", "c"), reader.values());
        }
    }

    @Test
    void stoppingTheRouteDrainsTheBufferIntoKafka() throws Exception {
        kafka.createTopic("drain", 1);
        KafkaSendBuffer buffer = addBuffer("drain", "drain", 3, 5000);
        String[] values = new String[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = "d-" + i;
        }
        send("drain", values);
        context.getRouteController().stopRoute("drain");
        assertEquals(2000, buffer.getSent(), "stop returned after Kafka acknowledged everything the buffer held");
        assertEquals(2000, readAll("drain", 2000).size());
    }

    @Test
    void twoBuffersCannotShareAName() throws Exception {
        kafka.createTopic("twins", 1);
        addBuffer("twin", "twins", 0, 100);
        KafkaSendBuffer second = new KafkaSendBuffer();
        second.setName("twin");
        second.setKafkaUri("kafka:twins?brokers=" + kafka.bootstrapServers());
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:twin2").routeId("twin2").process(second);
            }
        }));
        Throwable cause = e;
        while (cause != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null && cause.getMessage().contains("give each pilot-to-kafka bridge its own bufferName"), e.toString());
    }
}
