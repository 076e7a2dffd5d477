package io.camelagents.bridge.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import io.camelagents.bridge.BridgeTestSupport;
import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/**
 * The Kafka bridges used the camel-main way, with no Java of the user's: the templates come from
 * camel.main.routesBuilderClasses, pilot-to-kafka is instantiated from properties only
 * (camel.routeTemplate[routeId].*), kafka-to-pilot from a YAML templatedRoute (classpath:camel/kafka-roundtrip.camel.yaml).
 * End to end through the Pilot Kamelets: Pilot (node A) -> pilot-to-kafka -> Kafka -> kafka-to-pilot -> Pilot (node B's broker).
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "yml")
class KafkaBridgesFromYamlAndPropertiesTest {

    @Test
    void bridgesFromPropertiesAndYamlRunEndToEnd(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        BridgeTestSupport.IdCounter atB = new BridgeTestSupport.IdCounter();
        try (EmbeddedKafka kafka = new EmbeddedKafka().start()) {
            kafka.createTopic("yaml-roundtrip", 1);
            Main main = new Main();
            main.addInitialProperty("camel.main.routesBuilderClasses", PilotToKafkaBridge.class.getName() + "," + KafkaToPilotBridge.class.getName());
            main.addInitialProperty("camel.main.routesIncludePattern", "classpath:camel/kafka-roundtrip.camel.yaml");
            main.addInitialProperty("rt.brokers", kafka.bootstrapServers());
            main.addInitialProperty("rt.socket", a.socketPath().toString());
            main.addInitialProperty("rt.broker", b.address());
            main.addInitialProperty("camel.main.shutdownTimeout", "10");
            String[][] instances = {
                {"yamlOut", "templateId", "pilot-to-kafka"}, {"yamlOut", "pilotTopic", "yaml.in"},
                {"yamlOut", "socketPath", a.socketPath().toString()}, {"yamlOut", "bufferName", "yaml"},
                {"yamlOut", "kafkaBrokers", kafka.bootstrapServers()}, {"yamlOut", "kafkaTopic", "yaml-roundtrip"},
            };
            // camel.routeTemplate[<route id>].templateId / .<parameter>
            for (String[] p : instances) {
                main.addInitialProperty("camel.routeTemplate[" + p[0] + "]." + p[1], p[2]);
            }
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pilot:events?topic=yaml.in&socketPath=" + b.socketPath()).routeId("counter-on-b").process(atB);
                }
            });
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                Set<String> routeIds = context.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
                assertTrue(routeIds.containsAll(Set.of("yamlOut", "yamlBack")), routeIds.toString());
                PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));

                assertNotNull(context.getRegistry().lookupByNameAndType("yaml", KafkaSendBuffer.class), "the YAML bridge's buffer");
                // a probe makes the whole way round (A's pilot-to-kafka, Kafka, kafka-to-pilot, B's subscriber): both Pilot
                // subscriptions are confirmed, so the 100 events published after it must all come back
                ProducerTemplate template = context.createProducerTemplate();
                String publish = "pilot:events?socketPath=" + a.socketPath();
                PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader(publish, BridgeTestSupport.PROBE, PilotConstants.TOPIC, "yaml.in"),
                        atB::sawProbe, Duration.ofSeconds(120));
                for (int i = 0; i < 100; i++) {
                    template.sendBodyAndHeader(publish, "id-" + i, PilotConstants.TOPIC, "yaml.in");
                }
                await("100 events round-tripped through Kafka to B").atMost(Duration.ofSeconds(120))
                        .until(() -> atB.missing("id-", 100).isEmpty());

            } finally {
                main.stop();
            }
        }
    }
}
