package io.camelagents.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanFactoryDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * The YAML templates and the Java templates declare the same ids and parameters (names, defaults, required), and
 * instantiating them resolves every placeholder into the endpoint options we expect. No broker needed: routes are
 * created but not started.
 */
class TemplateDefinitionsTest {
    static final Set<String> IDS = Set.of("kafka-to-pilot", "pilot-to-kafka", "pilot-to-jms", "jms-to-pilot", "http-to-pilot-task", "pilot-to-webhook");

    @Test
    void yamlAndJavaTemplatesDeclareTheSameParameters() throws Exception {
        Map<String, String> java = describe(javaContext());
        Map<String, String> yaml = describe(yamlContext());
        assertEquals(IDS, java.keySet().stream().map(k -> k.split("/")[0]).collect(Collectors.toSet()));
        assertEquals(java, yaml);
    }

    @Test
    void instantiationResolvesPlaceholdersAndDropsUnsetOptionalOptions() throws Exception {
        for (CamelContext context : List.of(javaContext(), yamlContext())) {
            context.start();
            TemplatedRouteBuilder.builder(context, "kafka-to-pilot").routeId("k2p")
                    .parameter("kafkaBrokers", "127.0.0.1:1").parameter("kafkaTopic", "orders").add();
            TemplatedRouteBuilder.builder(context, "pilot-to-kafka").routeId("p2k")
                    .parameter("pilotTopic", "research.*").parameter("socketPath", "/tmp/x.sock")
                    .parameter("kafkaBrokers", "127.0.0.1:2").parameter("kafkaTopic", "research").add();
            TemplatedRouteBuilder.builder(context, "pilot-to-webhook").routeId("hook")
                    .parameter("pilotTopic", "a").parameter("webhookUrl", "http://127.0.0.1:1/hook").add();
            Set<String> uris = context.getEndpoints().stream().map(Endpoint::getEndpointUri).collect(Collectors.toSet());
            String kafka = find(uris, "kafka://orders");
            assertTrue(kafka.contains("autoCommitEnable=false") && kafka.contains("allowManualCommit=true")
                    && kafka.contains("breakOnFirstError=true") && kafka.contains("groupId=pilot-bridge"), kafka);
            String publish = find(uris, "pilot://events?publishConnections=1&publishRate=100");
            assertFalse(publish.contains("topic=") || publish.contains("broker=") || publish.contains("socketPath="),
                    "unset optional parameters are dropped: " + publish);
            String intake = find(uris, "pilot://events?socketPath=");
            assertTrue(intake.contains("topic=research.*") && !intake.contains("broker="), intake);
            KafkaSendBuffer buffer = find(context.getRoute("p2k").navigate(), KafkaSendBuffer.class);
            assertEquals("pilot-to-kafka", buffer.getName());
            assertEquals(10_000, buffer.getCapacity());
            assertEquals("kafka:research?brokers=127.0.0.1:2&requestRequiredAcks=all&enableIdempotence=true&synchronous=false"
                    + "&lingerMs=5&retries=2147483647&maxInFlightRequest=5&deliveryTimeoutMs=300000&maxBlockMs=300000"
                    + "&requestTimeoutMs=15000&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer", buffer.getKafkaUri());
            assertTrue(uris.stream().anyMatch(u -> u.startsWith("http://127.0.0.1:1/hook")), uris.toString());
            context.stop();
        }
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

    /** template id / parameter name -> "default|required|description"; template id / bean: type and properties. */
    static Map<String, String> describe(CamelContext context) {
        Map<String, String> out = new TreeMap<>();
        for (RouteTemplateDefinition t : ((ModelCamelContext) context).getRouteTemplateDefinitions()) {
            for (RouteTemplateParameterDefinition p : t.getTemplateParameters()) {
                out.put(t.getId() + "/" + p.getName(), p.getDefaultValue() + "|" + p.isRequired() + "|" + p.getDescription());
            }
            for (var bean : t.getTemplateBeans() == null ? List.<BeanFactoryDefinition<RouteTemplateDefinition>>of() : t.getTemplateBeans()) {
                String type = bean.getType() != null ? bean.getType() : "#class:" + bean.getBeanClass().getName();
                out.put(t.getId() + "/bean " + bean.getName(), type + " " + new TreeMap<>(bean.getProperties()));
            }
        }
        return out;
    }

    static CamelContext javaContext() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.setAutoStartup(false);
        for (var builder : BridgeTemplates.all()) {
            context.addRoutes(builder);
        }
        return context;
    }

    static CamelContext yamlContext() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.setAutoStartup(false);
        var loader = PluginHelper.getRoutesLoader(context);
        for (String file : BridgeTemplates.YAML_FILES) {
            loader.loadRoutes(PluginHelper.getResourceLoader(context).resolveResource("classpath:camel-templates/" + file));
        }
        return context;
    }
}
