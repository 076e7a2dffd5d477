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
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
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
    static final Set<String> IDS = Set.of("kafka-to-pilot", "pilot-to-kafka-intake", "pilot-to-kafka-sender",
            "pilot-to-jms", "jms-to-pilot", "http-to-pilot-task", "pilot-to-webhook");

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
            TemplatedRouteBuilder.builder(context, "pilot-to-kafka-intake").routeId("p2k-in")
                    .parameter("pilotTopic", "research.*").parameter("socketPath", "/tmp/x.sock").add();
            TemplatedRouteBuilder.builder(context, "pilot-to-webhook").routeId("hook")
                    .parameter("pilotTopic", "a").parameter("webhookUrl", "http://127.0.0.1:1/hook").add();
            Set<String> uris = context.getEndpoints().stream().map(Endpoint::getEndpointUri).collect(Collectors.toSet());
            String kafka = find(uris, "kafka://orders");
            assertTrue(kafka.contains("autoCommitEnable=false") && kafka.contains("allowManualCommit=true")
                    && kafka.contains("breakOnFirstError=true") && kafka.contains("groupId=pilot-bridge"), kafka);
            String publish = find(uris, "pilot://events?publishRate=100");
            assertFalse(publish.contains("topic=") || publish.contains("broker=") || publish.contains("socketPath="),
                    "unset optional parameters are dropped: " + publish);
            String intake = find(uris, "pilot://events?socketPath=");
            assertTrue(intake.contains("topic=research.*") && !intake.contains("broker="), intake);
            assertTrue(uris.stream().anyMatch(u -> u.startsWith("seda://pilot-to-kafka?") && u.contains("size=10000")
                    && u.contains("blockWhenFull=true") && u.contains("offerTimeout=1000")), uris.toString());
            assertTrue(uris.stream().anyMatch(u -> u.startsWith("http://127.0.0.1:1/hook")), uris.toString());
            context.stop();
        }
    }

    private static String find(Set<String> uris, String prefix) {
        return uris.stream().filter(u -> u.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no endpoint " + prefix + "... in " + uris));
    }

    /** template id / parameter name -> "default|required|description". */
    static Map<String, String> describe(CamelContext context) {
        Map<String, String> out = new TreeMap<>();
        for (RouteTemplateDefinition t : ((ModelCamelContext) context).getRouteTemplateDefinitions()) {
            for (RouteTemplateParameterDefinition p : t.getTemplateParameters()) {
                out.put(t.getId() + "/" + p.getName(), p.getDefaultValue() + "|" + p.isRequired() + "|" + p.getDescription());
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
