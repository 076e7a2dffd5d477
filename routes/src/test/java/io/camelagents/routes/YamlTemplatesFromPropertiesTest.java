package io.camelagents.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.brokers.FreePorts;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.junit.jupiter.api.Test;

/**
 * The YAML templates, loaded by camel-main from classpath:camel-templates/*.yaml and instantiated from
 * properties only (camel.routeTemplate[routeId].*), run end to end: Pilot (node A) -> pilot-to-kafka -> Kafka ->
 * kafka-to-pilot -> Pilot (node B's broker), and HTTP POST -> http-to-pilot-task -> agent on node B.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "yml")
class YamlTemplatesFromPropertiesTest {

    @Test
    void yamlTemplatesInstantiatedFromPropertiesRunEndToEnd(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        int httpPort = FreePorts.tcp();
        BridgeTestSupport.IdCounter atB = new BridgeTestSupport.IdCounter();
        try (EmbeddedKafka kafka = new EmbeddedKafka().start()) {
            kafka.createTopic("yaml-roundtrip", 1);
            Main main = new Main();
            main.addInitialProperty("camel.main.routesIncludePattern", "classpath:camel-templates/*.yaml");
            main.addInitialProperty("camel.main.shutdownTimeout", "10");
            String[][] instances = {
                {"yamlOut", "templateId", "pilot-to-kafka"}, {"yamlOut", "pilotTopic", "yaml.in"},
                {"yamlOut", "socketPath", a.socketPath().toString()}, {"yamlOut", "bufferName", "yaml"},
                {"yamlOut", "kafkaBrokers", kafka.bootstrapServers()}, {"yamlOut", "kafkaTopic", "yaml-roundtrip"},
                {"yamlBack", "templateId", "kafka-to-pilot"},
                {"yamlBack", "kafkaBrokers", kafka.bootstrapServers()}, {"yamlBack", "kafkaTopic", "yaml-roundtrip"}, {"yamlBack", "groupId", "yaml"},
                {"yamlBack", "socketPath", a.socketPath().toString()}, {"yamlBack", "pilotBroker", b.address()},
                {"yamlHttp", "templateId", "http-to-pilot-task"}, {"yamlHttp", "path", "/yaml-tasks"},
                {"yamlHttp", "peer", b.hostname()}, {"yamlHttp", "socketPath", a.socketPath().toString()},
            };
            // camel.routeTemplate[<route id>].templateId / .<parameter>
            for (String[] p : instances) {
                main.addInitialProperty("camel.routeTemplate[" + p[0] + "]." + p[1], p[2]);
            }
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pilot:task?socketPath=" + b.socketPath()).routeId("agent-on-b").setBody(simple("yaml says ${body}"));
                    from("pilot:events?topic=yaml.in&socketPath=" + b.socketPath()).routeId("counter-on-b").process(atB);
                }
            });
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport m) {
                    VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
                    http.setBindHost("127.0.0.1");
                    http.setBindPort(httpPort);
                    try {
                        m.getCamelContext().addService(new VertxPlatformHttpServer(http));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                Set<String> routeIds = context.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
                assertTrue(routeIds.containsAll(Set.of("yamlOut", "yamlBack", "yamlHttp")), routeIds.toString());
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

                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/yaml-tasks")).timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("yaml says hello", r.body());
                assertEquals("SUCCEEDED", r.headers().firstValue(BridgeHeaders.HTTP_PILOT_TASK_STATUS).orElse(null));
            } finally {
                main.stop();
            }
        }
    }
}
