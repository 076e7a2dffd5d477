package io.camelagents.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.camelagents.mcp.internal.McpServerConnection;
import io.camelagents.mcp.metrics.MicrometerMcpMetrics;
import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.Conditions;
import io.camelagents.mcp.testsupport.NpmServers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.console.DevConsole;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * A real MCP server (the Java SDK test server over stdio) and one that cannot start: the restart meter after the
 * server process is killed, the mcp dev console (servers, pid, tools, allow-list, last error) and the same facts
 * as JMX attributes.
 */
class McpObservabilityTest {

    @Test
    void restartMeterConsoleAndJmx() throws Exception {
        McpServerDefinition java = CamelHarness.stdio("java", NpmServers.javaSdkServerCommand());
        java.setAllowedTools(List.of("echo", "add"));
        java.setRequestTimeout(20_000);
        McpServerDefinition broken = CamelHarness.stdio("broken", List.of(NpmServers.node(), "-e", "process.exit(3)"));
        broken.setLazyStart(true);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(10);
        context.getRegistry().bind("meters", meters);
        McpComponent mcp = new McpComponent();
        mcp.addServer(java);
        mcp.addServer(broken);
        context.addComponent("mcp", mcp);
        context.start();
        try {
            assertInstanceOf(MicrometerMcpMetrics.class, mcp.metrics(), "bound to the registry's MeterRegistry");
            ProducerTemplate template = context.createProducerTemplate();
            assertEquals("echo: one", template.requestBody("mcp:java/echo", Map.of("message", "one")));
            McpServerConnection connection = mcp.existingConnection("java");
            long firstPid = connection.pid();
            assertEquals(0, restarts(meters, "java"));

            // the server process dies: the next call starts a new one, counted as a restart
            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
            Conditions.await(Duration.ofSeconds(60), () -> {
                Exchange e = template.send("mcp:java/echo", x -> x.getMessage().setBody(Map.of("message", "two")));
                return e.getException() == null && "echo: two".equals(e.getMessage().getBody());
            }, () -> "state " + connection.state() + ", last error " + connection.lastError());
            assertEquals(1, restarts(meters, "java"));
            long secondPid = connection.pid();
            assertTrue(secondPid != firstPid);

            // a server that cannot start leaves a last error
            Exchange failed = template.send("mcp:broken/anything", x -> x.getMessage().setBody(Map.of()));
            assertInstanceOf(McpInitializationException.class, failed.getException());

            DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("mcp");
            assertNotNull(console, "the generated dev-console service file is found");
            ((CamelContextAware) console).setCamelContext(context);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> servers = (List<Map<String, Object>>) ((Map<String, Object>) console
                    .call(DevConsole.MediaType.JSON)).get("servers");
            Map<String, Object> javaStatus = servers.get(0);
            assertEquals("java", javaStatus.get("name"));
            assertEquals("connected", javaStatus.get("state"));
            assertEquals(secondPid, javaStatus.get("pid"));
            assertEquals(List.of("echo", "add"), javaStatus.get("allowedTools"));
            assertEquals(List.of("add", "echo"), ((List<?>) javaStatus.get("tools")).stream().sorted().toList(),
                    "the allow-listed tools the server offers");
            assertEquals(2L, javaStatus.get("sessionsStarted"));
            Map<String, Object> brokenStatus = servers.get(1);
            assertEquals("broken", brokenStatus.get("name"));
            assertEquals("failed", brokenStatus.get("state"));
            assertTrue(String.valueOf(brokenStatus.get("lastError")).contains("Could not start MCP server 'broken'"),
                    String.valueOf(brokenStatus));
            String text = (String) console.call(DevConsole.MediaType.TEXT);
            assertTrue(text.contains("MCP server java (stdio): connected, pid " + secondPid), text);
            assertTrue(text.contains("allowedTools: [echo, add]"), text);
            assertTrue(text.contains("last error"), text);

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:context=" + context.getManagementName()
                    + ",type=components,name=\"mcp\""), null);
            assertEquals(1, names.size(), "the mcp component's MBean: " + names);
            ObjectName name = names.iterator().next();
            assertEquals("java=connected, broken=failed", server.getAttribute(name, "ServerStates"));
            assertEquals("java=" + secondPid, server.getAttribute(name, "ServerPids"));
            assertEquals("java=[echo, add], broken=[]", server.getAttribute(name, "ServerAllowedTools"));
            String tools = (String) server.getAttribute(name, "ServerTools");
            assertTrue(tools.startsWith("java=[") && tools.contains("echo") && tools.contains("add"), tools);
            String errors = (String) server.getAttribute(name, "ServerLastErrors");
            // java may have one too: the call that found its process killed, depending on who noticed first
            assertTrue(errors.contains("broken=Could not start MCP server 'broken'"), errors);
        } finally {
            context.stop();
        }
    }

    private static double restarts(SimpleMeterRegistry meters, String server) {
        Counter c = meters.find("mcp.server.restarts").tag("server", server).counter();
        return c == null ? 0 : c.count();
    }
}
