package io.camelagents.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.camelagents.brokers.McpServerPackages;
import io.camelagents.examples.delegation.ToolDelegationRoutes;
import io.camelagents.examples.monitoring.MonitoringRoutes;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.PilotTaskFailedException;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring and tool-delegation examples on real daemons, real npm MCP servers and a real HTTP server. */
@PilotNetwork(nodes = 2, hostnamePrefix = "ops")
class MonitoringAndDelegationExampleTest {
    private static final String SECRET = "tok-5uP3r-s3cr3t";

    private static McpServerDefinition server(String name, List<String> args) {
        McpServerDefinition d = new McpServerDefinition();
        d.setName(name);
        d.setCommand(McpServerPackages.node());
        d.setArgs(args);
        return d;
    }

    @Test
    void anomalyFansOutToAnMcpToolAndAnHttpPager(LocalPilotNetwork network, @TempDir Path runbooks) throws Exception {
        PilotNode monitor = network.node(0);
        PilotNode sensor = network.node(1);
        Files.writeString(runbooks.resolve("checkout.md"), "Restart the checkout pods, then check the payment queue.\n");
        List<String> pages = new CopyOnWriteArrayList<>();
        HttpServer pager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pager.createContext("/page", exchange -> {
            pages.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        pager.start();
        try (CamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("monitoring.socket", monitor.socketPath().toString());
            p.setProperty("monitoring.runbookDir", runbooks.toString());
            p.setProperty("monitoring.runbookUri", "mock:runbook");
            p.setProperty("monitoring.pagerUrl", "http://127.0.0.1:" + pager.getAddress().getPort() + "/page");
            context.getPropertiesComponent().setInitialProperties(p);
            McpServerDefinition files = server("runbooks", List.of(McpServerPackages.entry(McpServerPackages.FILESYSTEM).toString(), runbooks.toString()));
            files.setAllowedTools(List.of("read_text_file"));
            context.getRegistry().bind("runbooks", files);
            Readiness.enableHealthChecks(context);
            context.addRoutes(new MonitoringRoutes());
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));

            // the sensor agent publishes with the real CLI to the monitor's broker. Pilot acknowledges no
            // subscription, so probe anomalies go first until one has reached the pager; then the real one
            String probe = "{\"service\":\"probe\",\"metric\":\"none\",\"value\":0}";
            PilotReadiness.confirmSubscription(
                    () -> assertTrue(sensor.pilotctl("publish", monitor.address(), "anomaly.probe", "--data", probe).ok()),
                    () -> pages.contains(probe), Duration.ofSeconds(60));
            MockEndpoint runbook = context.getEndpoint("mock:runbook", MockEndpoint.class);
            String anomaly = "{\"service\":\"checkout\",\"metric\":\"p99_ms\",\"value\":2300}";
            assertTrue(sensor.pilotctl("publish", monitor.address(), "anomaly.latency", "--data", anomaly).ok());
            String checkoutRunbook = "Restart the checkout pods, then check the payment queue.\n";
            await("the checkout runbook and the page").atMost(Duration.ofSeconds(60)).until(() -> pages.contains(anomaly)
                    && runbook.getReceivedExchanges().stream().anyMatch(e -> checkoutRunbook.equals(e.getIn().getBody(String.class))));
            assertEquals(List.of(anomaly), pages.stream().filter(page -> !page.equals(probe)).toList(), "one page for the anomaly");
        } finally {
            pager.stop(0);
        }
    }

    @Test
    void peerRunsAnAllowListedToolAndNeverSeesTheCredentials(LocalPilotNetwork network) throws Exception {
        PilotNode agent = network.node(0);
        PilotNode peer = network.node(1);
        try (CamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("delegation.socket", agent.socketPath().toString());
            context.getPropertiesComponent().setInitialProperties(p);
            McpServerDefinition tools = server("tools", List.of(McpServerPackages.entry(McpServerPackages.EVERYTHING).toString(), "stdio"));
            tools.setEnv(Map.of("API_TOKEN", SECRET)); // the credential lives in this agent's MCP server only
            tools.setAllowedTools(List.of("echo", "get-sum"));
            context.getRegistry().bind("tools", tools);
            Readiness.enableHealthChecks(context);
            context.addRoutes(new ToolDelegationRoutes());
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));

            String submit = "pilot:task?peer=" + agent.hostname() + "&socketPath=" + peer.socketPath();
            String sum = context.createProducerTemplate().requestBody(submit,
                    "{\"tool\":\"get-sum\",\"arguments\":{\"a\":2,\"b\":3}}", String.class);
            assertTrue(sum.contains("5"), sum);
            assertFalse(sum.contains(SECRET));

            // get-env would print the server's environment: it is not on the allow-list, so it never runs
            CamelExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(CamelExecutionException.class,
                    () -> context.createProducerTemplate().requestBody(submit, "{\"tool\":\"get-env\"}", String.class));
            PilotTaskFailedException refused = assertInstanceOf(PilotTaskFailedException.class, e.getCause());
            assertEquals("DECLINED", refused.status());
            assertEquals("tool 'get-env' is not on this agent's allow-list", refused.justification());
            assertFalse(String.valueOf(refused.getMessage()).contains(SECRET));

            CamelExecutionException bad = org.junit.jupiter.api.Assertions.assertThrows(CamelExecutionException.class,
                    () -> context.createProducerTemplate().requestBody(submit, "not json", String.class));
            assertTrue(((PilotTaskFailedException) bad.getCause()).justification().startsWith("bad request:"));
        }
    }
}
