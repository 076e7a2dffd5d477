package io.camelagents.kamelets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.camelagents.brokers.McpServerPackages;
import io.camelagents.mcp.McpComponent;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.PilotTaskFailedException;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * The five Kamelets at work against real parts: two Pilot daemons on loopback and the npm MCP reference server
 * ({@code @modelcontextprotocol/server-everything}) over stdio. Java routes use them as {@code kamelet:} endpoints;
 * a YAML Pipe binds pilot-events-source to an endpoint.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "kam")
class KameletsAgainstRealServersTest {

    @Test
    void fiveKameletsAndAPipe(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        Set<String> received = ConcurrentHashMap.newKeySet();
        Set<String> piped = ConcurrentHashMap.newKeySet();

        McpServerDefinition everything = new McpServerDefinition();
        everything.setName("everything");
        everything.setCommand(McpServerPackages.node());
        everything.setArgs(List.of(McpServerPackages.entry(McpServerPackages.EVERYTHING).toString(), "stdio"));

        try (CamelContext context = new DefaultCamelContext()) {
            Properties props = new Properties();
            props.setProperty("camel.kamelet.pilot-events-source.socketPath", a.socketPath().toString());
            context.getPropertiesComponent().setInitialProperties(props);
            PilotComponent pilot = context.getComponent("pilot", PilotComponent.class);
            pilot.getConfiguration().setShutdownTimeout(5000);
            context.getComponent("mcp", McpComponent.class).addServer(everything);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // pilot-task-source at B serves tasks; a body ending in "fail" fails the task
                    from("kamelet:pilot-task-source?socketPath=" + b.socketPath()).routeId("agent-b")
                            .choice().when(body().convertToString().endsWith("fail")).throwException(new IllegalStateException("asked to fail")).end()
                            .setBody(simple("done: ${body}"));
                    // pilot-task-action from A to B
                    from("direct:submit").to("kamelet:pilot-task-action?peer=" + b.hostname() + "&socketPath=" + a.socketPath() + "&taskTimeout=30s");
                    // pilot-events-sink and pilot-events-source at A's broker
                    from("direct:publish").to("kamelet:pilot-events-sink?topic=kam.events&socketPath=" + a.socketPath());
                    from("kamelet:pilot-events-source?topic=kam.*&socketPath=" + a.socketPath()).routeId("events-at-a")
                            .process(e -> received.add(e.getIn().getHeader(PilotConstants.TOPIC) + "|" + new String(e.getIn().getBody(byte[].class), StandardCharsets.UTF_8)));
                    // mcp-tool-action: the reference server's echo tool
                    from("direct:echo").to("kamelet:mcp-tool-action?server=everything&toolName=echo");
                    from("direct:piped").routeId("piped").process(e -> piped.add(new String(e.getIn().getBody(byte[].class), StandardCharsets.UTF_8)));
                }
            });
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getResourceLoader(context).resolveResource("classpath:camel/kamelets-pipe.camel.yaml"));
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            ProducerTemplate template = context.createProducerTemplate();

            // events: a probe through the sink confirms the source's subscription, then every event must arrive
            PilotReadiness.confirmSubscription(() -> template.sendBody("direct:publish", "probe"),
                    () -> received.contains("kam.events|probe"), Duration.ofSeconds(60));
            for (int i = 0; i < 20; i++) {
                template.sendBody("direct:publish", "event-" + i);
            }
            // a CamelPilotTopic header wins over the Kamelet's topic property
            template.sendBodyAndHeader("direct:publish", "elsewhere", PilotConstants.TOPIC, "kam.other");
            await("20 events and the header-addressed one through the Kamelets").atMost(Duration.ofSeconds(60))
                    .until(() -> received.containsAll(List.of("kam.events|event-0", "kam.events|event-19", "kam.other|elsewhere"))
                            && received.stream().filter(r -> r.startsWith("kam.events|event-")).count() == 20);

            // the Pipe from YAML
            PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader("direct:publish", "probe", PilotConstants.TOPIC, "kam.piped"),
                    () -> piped.contains("probe"), Duration.ofSeconds(60));

            // tasks: A submits to B through pilot-task-action, B serves through pilot-task-source
            assertEquals("done: hello", template.requestBody("direct:submit", "hello", String.class));
            CamelExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(CamelExecutionException.class,
                    () -> template.requestBody("direct:submit", "please fail", String.class));
            PilotTaskFailedException taskFailed = assertInstanceOf(PilotTaskFailedException.class, failed.getCause());
            assertEquals("FAILED", taskFailed.status());

            // mcp-tool-action: arguments in, text result out
            assertEquals("Echo: hi", template.requestBody("direct:echo", Map.of("message", "hi"), String.class));
        }
    }
}
