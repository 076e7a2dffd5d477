package io.camelagents.starters.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.camelagents.brokers.McpServerPackages;
import io.camelagents.mcp.McpComponent;
import io.camelagents.mcp.McpProgressListener;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.McpToolNotAllowedException;
import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A Spring Boot application with camel-pilot-starter and camel-mcp-starter, configured only from application.yaml,
 * against two REAL Pilot daemons (newest generation) and the REAL npm MCP server {@code server-everything} over
 * stdio. Missing daemons or a missing npm server fail the test (the context does not start), never skip it.
 */
@SpringBootTest(classes = AgentsStarterApplication.class)
@DirtiesContext
@Import(AgentsStarterApplicationTest.StopDaemonsAfterTheApplication.class)
class AgentsStarterApplicationTest {

    /** Node 0 is the application's daemon (camel.component.pilot.socket-path); node 1's broker carries the events. */
    private static LocalPilotNetwork network;

    @Autowired
    private CamelContext camelContext;
    @Autowired
    private ProducerTemplate template;
    @Autowired
    private McpProgressListener progressLog;

    @DynamicPropertySource
    static void daemonsAndServers(DynamicPropertyRegistry registry) {
        if (network == null) {
            network = LocalPilotNetwork.builder().nodes(2).hostnamePrefix("boot").start();
        }
        registry.add("agents.test.pilot-socket", () -> network.node(0).socketPath().toString());
        registry.add("agents.test.pilot-broker", () -> network.node(1).hostname());
        registry.add("agents.test.node", McpServerPackages::node);
        registry.add("agents.test.everything-entry",
                () -> McpServerPackages.entry(McpServerPackages.EVERYTHING).toString());
    }

    /**
     * Stops the daemons when the application context closes (@DirtiesContext, after this class): Camel and its
     * pilot consumers stop first, in the lifecycle phase, and singletons such as this one are destroyed after.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class StopDaemonsAfterTheApplication {
        @Bean
        AutoCloseable localPilotNetwork() {
            return () -> {
                if (network != null) {
                    network.close();
                    network = null;
                }
            };
        }
    }

    @Test
    void yamlOptionsReachedTheComponents() {
        PilotComponent pilot = camelContext.getComponent("pilot", PilotComponent.class);
        assertEquals(network.node(0).socketPath().toString(), pilot.getConfiguration().getSocketPath());
        assertEquals(45_000, pilot.getConfiguration().getRequestTimeout());
        assertEquals(5_000, pilot.getConfiguration().getShutdownTimeout());
        assertEquals(50, pilot.getConfiguration().getPublishRate());

        McpComponent mcp = camelContext.getComponent("mcp", McpComponent.class);
        assertEquals(25_000, mcp.getConfiguration().getRequestTimeout());
        assertSame(progressLog, mcp.getConfiguration().getProgressListener(), "#bean:progressLog from application.yaml");
        McpServerDefinition everything = mcp.getServerDefinition("everything");
        assertEquals(McpServerPackages.node(), everything.getCommand());
        assertEquals(List.of(McpServerPackages.entry(McpServerPackages.EVERYTHING).toString(), "stdio"), everything.getArgs());
        assertEquals(Map.of("MCP_STARTER_TEST", "on"), everything.getEnv());
        assertEquals(20_000, everything.getRequestTimeout());
        assertEquals(List.of("echo", "get-sum"), everything.getAllowedTools());
    }

    @Test
    void routeCallsTheNamedMcpServer() {
        assertEquals("Echo: hello from Spring Boot",
                template.requestBody("direct:echo", Map.of("message", "hello from Spring Boot"), String.class));
    }

    @Test
    void allowListFromYamlRefusesOtherTools() {
        ResolveEndpointFailedException error = assertThrows(ResolveEndpointFailedException.class,
                () -> camelContext.getEndpoint("mcp:everything/get-tiny-image"));
        assertInstanceOf(McpToolNotAllowedException.class, error.getCause(), String.valueOf(error.getCause()));
    }

    @Test
    void routesPublishAndSubscribePilotEvents() throws Exception {
        PilotReadiness.awaitConsumer(camelContext, "watch", Duration.ofSeconds(60));
        MockEndpoint events = camelContext.getEndpoint("mock:events", MockEndpoint.class);
        // Pilot keeps no events and acknowledges no subscription: probes until one arrives, then the real event.
        PilotReadiness.confirmSubscription(
                () -> template.sendBodyAndHeader("direct:publish", "probe", PilotConstants.TOPIC, "starter.probe"),
                () -> received(events, "starter.probe", "probe"), Duration.ofSeconds(60));

        template.sendBodyAndHeader("direct:publish", "agent ready", PilotConstants.TOPIC, "starter.status");

        await("the event published through the application's daemon").atMost(Duration.ofSeconds(60))
                .until(() -> received(events, "starter.status", "agent ready"));
    }

    private static boolean received(MockEndpoint events, String topic, String body) {
        for (Exchange exchange : events.getExchanges()) {
            if (topic.equals(exchange.getMessage().getHeader(PilotConstants.TOPIC))
                    && body.equals(exchange.getMessage().getBody(String.class))) {
                return true;
            }
        }
        return false;
    }
}
