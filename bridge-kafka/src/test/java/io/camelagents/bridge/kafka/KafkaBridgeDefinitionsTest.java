package io.camelagents.bridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.camelagents.pilot.PilotEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * Each Kafka bridge has one definition (the Java route template over the Pilot Kamelets); instantiated from Java
 * and from a YAML {@code templatedRoute} it yields the same endpoints, every placeholder resolved and unset optional
 * options dropped. No broker needed: routes are created but not started.
 */
class KafkaBridgeDefinitionsTest {

    @Test
    void javaAndYamlInstancesResolveToTheSameEndpoints() throws Exception {
        CamelContext java = context(false);
        TemplatedRouteBuilder.builder(java, KafkaToPilotBridge.ID).routeId("k2p")
                .parameter("kafkaBrokers", "127.0.0.1:2").parameter("kafkaTopic", "orders").parameter("socketPath", "/tmp/k.sock").add();
        TemplatedRouteBuilder.builder(java, PilotToKafkaBridge.ID).routeId("p2k")
                .parameter("pilotTopic", "research.*").parameter("socketPath", "/tmp/x.sock")
                .parameter("kafkaBrokers", "127.0.0.1:2").parameter("kafkaTopic", "research").add();
        java.start();
        CamelContext yaml = context(true);
        PluginHelper.getRoutesLoader(yaml).loadRoutes(
                PluginHelper.getResourceLoader(yaml).resolveResource("classpath:camel/kafka-bridges.camel.yaml"));
        try {
            assertEquals(endpoints(java), endpoints(yaml));
            // each bridge instance has Kamelet routes of its own (two identical instances must not share a connection)
            assertTrue(java.getRoutes().stream().anyMatch(r -> r.getRouteId().startsWith("pilot-events-sink-bridge-")), java.getRoutes().toString());
            assertTrue(java.getRoutes().stream().anyMatch(r -> r.getRouteId().startsWith("pilot-events-source-bridge-")), java.getRoutes().toString());
            for (CamelContext context : Set.of(java, yaml)) {
                Set<String> uris = endpoints(context);
                String kafka = find(uris, "kafka://orders");
                assertTrue(kafka.contains("autoCommitEnable=false") && kafka.contains("allowManualCommit=true")
                        && kafka.contains("breakOnFirstError=true") && kafka.contains("groupId=pilot-bridge"), kafka);
                String publish = find(uris, "kamelet:pilot-events-sink?");
                assertTrue(publish.contains("publishConnections=1") && publish.contains("publishRate=100"), publish);
                assertFalse(publish.contains("topic=") || publish.contains("broker="),
                        "unset optional parameters are dropped: " + publish);
                String intake = find(uris, "kamelet:pilot-events-source?");
                assertTrue(intake.contains("topic=research.*") && intake.contains("socketPath=/tmp/x.sock") && !intake.contains("broker="), intake);
                // the socket path reaches both Pilot endpoints as it was given (not URL-encoded on the way through a Kamelet)
                for (String kamelet : List.of("pilot-events-source", "pilot-events-sink")) {
                    PilotEndpoint pilot = context.getEndpoints().stream().filter(e -> e instanceof PilotEndpoint)
                            .map(PilotEndpoint.class::cast).filter(e -> e.getEndpointUri().contains(kamelet.endsWith("sink") ? "publishRate" : "maxEventBytes"))
                            .findFirst().orElseThrow(() -> new AssertionError("the " + kamelet + " Kamelet's pilot endpoint"));
                    assertEquals(kamelet.endsWith("sink") ? "/tmp/k.sock" : "/tmp/x.sock", pilot.getConfiguration().getSocketPath(), kamelet);
                }
                KafkaSendBuffer buffer = find(context.getRoute("p2k").navigate(), KafkaSendBuffer.class);
                assertNotNull(buffer, "p2k's buffer");
                assertEquals("pilot-to-kafka", buffer.getName());
                assertEquals(10_000, buffer.getCapacity());
                assertEquals("kafka:research?brokers=127.0.0.1:2&requestRequiredAcks=all&enableIdempotence=true&synchronous=false"
                        + "&lingerMs=5&retries=2147483647&maxInFlightRequest=5&deliveryTimeoutMs=300000&maxBlockMs=300000"
                        + "&requestTimeoutMs=15000&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer", buffer.getKafkaUri());
            }
        } finally {
            java.stop();
            yaml.stop();
        }
    }

    @Test
    void everyParameterIsDescribed() throws Exception {
        CamelContext context = context(true);
        try {
            Set<String> ids = new TreeSet<>();
            for (RouteTemplateDefinition t : ((ModelCamelContext) context).getRouteTemplateDefinitions()) {
                ids.add(t.getId());
                assertNotNull(t.getTemplateParameters());
                for (RouteTemplateParameterDefinition p : t.getTemplateParameters()) {
                    assertTrue(p.getDescription() != null && !p.getDescription().isBlank(), t.getId() + "/" + p.getName());
                }
            }
            assertEquals(Set.of("kafka-to-pilot", "pilot-to-kafka"), ids);
        } finally {
            context.stop();
        }
    }

    private static CamelContext context(boolean start) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.setAutoStartup(false);
        Properties props = new Properties();
        props.setProperty("p.socket", "/tmp/x.sock");
        props.setProperty("k.brokers", "127.0.0.1:2");
        props.setProperty("k.topic", "research");
        context.getPropertiesComponent().setInitialProperties(props);
        context.addRoutes(new PilotToKafkaBridge());
        context.addRoutes(new KafkaToPilotBridge());
        if (start) {
            context.start();
        }
        return context;
    }

    /** Endpoint URIs, without the Kamelets' internal source/sink ends and the per-instance Kamelet route ids. */
    private static Set<String> endpoints(CamelContext context) {
        return context.getEndpoints().stream().map(Endpoint::getEndpointUri)
                .filter(uri -> !uri.startsWith("kamelet://source?") && !uri.startsWith("kamelet://sink?"))
                .map(uri -> uri.replaceFirst("^kamelet:(pilot-[a-z-]+)/[a-z0-9-]+\\?", "kamelet:$1?"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String find(Set<String> uris, String prefix) {
        return uris.stream().filter(u -> u.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no endpoint " + prefix + "... in " + uris));
    }

    /** The first processor of that type in the route, however deep (the processors wrap each other). */
    private static <T> T find(Navigate<Processor> node, Class<T> type) {
        if (node == null || !node.hasNext()) {
            return null;
        }
        for (Processor p : node.next()) {
            if (type.isInstance(p)) {
                return type.cast(p);
            }
            if (p instanceof Navigate<?> child) {
                @SuppressWarnings("unchecked")
                T found = find((Navigate<Processor>) child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
