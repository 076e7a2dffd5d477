package io.camelagents.bridge.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.camelagents.bridge.BridgeTestSupport;
import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kafka-to-pilot with {@code publishConnections=4} (Java template and its YAML twin): the record key becomes the
 * publish key, so the records of each key reach a real subscriber in their Kafka order while the keys share four
 * paced connections; records without a key are spread and all arrive; every offset is committed in the end.
 */
@PilotNetwork(nodes = 1, hostnamePrefix = "k2pc")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaToPilotPublishConnectionsTest {
    static final int KEYS = 8;
    static final int PER_KEY = 40;
    static final int UNKEYED = 40;
    static final int RECORDS = KEYS * PER_KEY + UNKEYED;

    private EmbeddedKafka kafka;
    private PilotNode node;

    @BeforeAll
    void start(LocalPilotNetwork network) {
        node = network.node(0);
        kafka = new EmbeddedKafka().start();
    }

    @AfterAll
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "yaml"})
    void recordsOfOneKeyArriveInKafkaOrderOverFourConnections(String flavour) throws Exception {
        String kafkaTopic = "k2pc-" + flavour;
        String pilotTopic = "k2pc." + flavour;
        String group = "k2pc-" + flavour;
        kafka.createTopic(kafkaTopic, 1); // one partition: one consumer sees every key, the order to keep is Kafka's
        produce(kafkaTopic);

        Map<String, List<String>> received = new ConcurrentHashMap<>();
        PublishKeys keys = new PublishKeys();
        CamelContext context = new DefaultCamelContext();
        context.getManagementStrategy().addEventNotifier(keys);
        BridgeTestSupport.configurePilot(context);
        // one template (the Java builder), instantiated from Java or from a YAML templatedRoute
        context.addRoutes(new KafkaToPilotBridge());
        Properties props = new Properties();
        props.setProperty("k2pc.brokers", kafka.bootstrapServers());
        props.setProperty("k2pc.kafkaTopic", kafkaTopic);
        props.setProperty("k2pc.group", group);
        props.setProperty("k2pc.pilotTopic", pilotTopic);
        props.setProperty("k2pc.socket", node.socketPath().toString());
        context.getPropertiesComponent().setInitialProperties(props);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=" + pilotTopic + "&socketPath=" + node.socketPath()).routeId("subscriber")
                        .process(e -> {
                            String body = new String(e.getIn().getBody(byte[].class), StandardCharsets.UTF_8);
                            String series = body.substring(0, body.indexOf(':'));
                            received.computeIfAbsent(series, s -> Collections.synchronizedList(new ArrayList<>())).add(body);
                        });
            }
        });
        context.start();
        try {
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            PilotReadiness.confirmSubscription(() -> context.createProducerTemplate().sendBodyAndHeader(
                    "pilot:events?socketPath=" + node.socketPath(), BridgeTestSupport.PROBE + ":x", PilotConstants.TOPIC, pilotTopic),
                    () -> received.containsKey(BridgeTestSupport.PROBE), Duration.ofSeconds(60));

            if (flavour.equals("java")) {
                TemplatedRouteBuilder.builder(context, KafkaToPilotBridge.ID).routeId("k2pc")
                        .parameter("kafkaBrokers", kafka.bootstrapServers())
                        .parameter("kafkaTopic", kafkaTopic)
                        .parameter("groupId", group)
                        .parameter("pilotTopic", pilotTopic)
                        .parameter("socketPath", node.socketPath().toString())
                        .parameter("publishRate", "50")
                        .parameter("publishConnections", "4")
                        .add();
            } else {
                PluginHelper.getRoutesLoader(context).loadRoutes(
                        PluginHelper.getResourceLoader(context).resolveResource("classpath:camel/k2pc.camel.yaml"));
            }

            await("every record arrived").atMost(Duration.ofSeconds(180))
                    .until(() -> received.entrySet().stream().filter(e -> !e.getKey().equals(BridgeTestSupport.PROBE))
                            .mapToInt(e -> e.getValue().size()).sum() >= RECORDS);
            for (int k = 0; k < KEYS; k++) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < PER_KEY; i++) {
                    expected.add("key-" + k + ":" + i);
                }
                assertEquals(expected, List.copyOf(received.get("key-" + k)), "key-" + k + ": every record once, in Kafka's order");
            }
            assertEquals(UNKEYED, new HashSet<>(received.get("none")).size(), "every record without a key arrived");
            assertEquals(UNKEYED, received.get("none").size(), "once");

            // the wiring: the record key is the publish key, a record without one has none
            for (Map.Entry<String, String> e : keys.byBody.entrySet()) {
                if (e.getKey().startsWith("none:")) {
                    assertNull(e.getValue(), e.getKey());
                } else {
                    assertEquals(e.getKey().substring(0, e.getKey().indexOf(':')), e.getValue(), e.getKey());
                }
            }
            assertEquals(RECORDS, keys.byBody.size());

            TopicPartition partition = new TopicPartition(kafkaTopic, 0);
            try (Admin admin = kafka.admin()) {
                await("every offset committed").atMost(Duration.ofSeconds(60)).until(() -> {
                    OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
                    return committed != null && committed.offset() == RECORDS;
                });
            }
        } finally {
            context.stop();
        }
    }

    /** Keys interleaved: key-0:0, key-1:0, ... key-7:0, none:0, key-0:1, ... (the unkeyed ones have a null key). */
    private void produce(String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < PER_KEY; i++) {
                for (int k = 0; k < KEYS; k++) {
                    producer.send(new ProducerRecord<>(topic, 0, "key-" + k, "key-" + k + ":" + i));
                }
                producer.send(new ProducerRecord<>(topic, 0, null, "none:" + i));
            }
            producer.flush();
        }
    }

    /** The publish key header each body carried when the bridge handed it to the pilot-events-sink Kamelet. */
    private static final class PublishKeys extends EventNotifierSupport {
        final Map<String, String> byBody = Collections.synchronizedMap(new HashMap<>());

        @Override
        public void notify(CamelEvent event) {
            // the Kamelet works on a copy of the exchange (its own route id): watch the bridge route's send to it
            if (event instanceof CamelEvent.ExchangeSendingEvent sending
                    && sending.getEndpoint().getEndpointUri().startsWith("kamelet:pilot-events-sink")
                    && "k2pc".equals(sending.getExchange().getFromRouteId())) {
                String body = new String(sending.getExchange().getIn().getBody(byte[].class), StandardCharsets.UTF_8);
                byBody.put(body, sending.getExchange().getIn().getHeader(PilotConstants.PUBLISH_KEY, String.class));
            }
        }
    }
}
