package io.camelagents.mcp;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelagents.mcp.testsupport.NpmServers;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.EndpointUriFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated metadata, the three ways to define servers (camel-main properties, registry bean, Claude-Desktop JSON
 * file) against a real server, and endpoint validation messages.
 */
class McpComponentConfigurationTest {

    @Test
    void generatedComponentJsonAndUriFactoryExist() throws Exception {
        try (InputStream json = getClass().getResourceAsStream("/META-INF/io/camelagents/mcp/mcp.json")) {
            assertNotNull(json, "component JSON missing");
            String text = new String(json.readAllBytes());
            assertTrue(text.contains("\"scheme\": \"mcp\""), text);
            assertTrue(text.contains("CamelMcpIsError"), text);
        }
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            EndpointUriFactory factory = context.getCamelContextExtension().getEndpointUriFactory("mcp");
            assertInstanceOf(McpEndpointUriFactory.class, factory);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("server", "database");
            params.put("toolName", "query");
            params.put("resultMode", "json");
            assertEquals("mcp:database/query?resultMode=json", factory.buildUri("mcp", params, false));
        }
    }

    @Test
    void invalidUrisFailAtCreationWithAMessageThatSaysWhatToFix() throws Exception {
        McpServerDefinition echo = new McpServerDefinition();
        echo.setName("local");
        echo.setCommand("node");
        echo.setDeniedTools(List.of("rm*"));
        echo.setLazyStart(true); // never called: only endpoint creation is tested
        try (CamelContext context = new DefaultCamelContext()) {
            McpComponent component = new McpComponent();
            component.addServer(echo);
            context.addComponent("mcp", component);
            context.start();
            assertCauseMessage(context, "mcp:nope/echo", "Unknown MCP server 'nope'", "camel.component.mcp.servers.nope.command");
            assertCauseMessage(context, "mcp:local/bad tool!", "Invalid MCP tool name 'bad tool!'");
            assertCauseMessage(context, "mcp:local/rm_rf", "deniedTools");
            assertCauseMessage(context, "mcp:local/echo?operation=listTools", "use mcp:local?operation=listTools");
            assertCauseMessage(context, "mcp:local/echo?requestTimeout=30 secs", "Invalid duration '30 secs'",
                    "use milliseconds (30000), 30s, 2m");
            for (String uri : List.of("mcp:nope/echo", "mcp:local/bad tool!", "mcp:local/echo?operation=listTools",
                    "mcp:local/echo?requestTimeout=30 secs")) {
                ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint(uri));
                assertTrue(hasCause(e, McpConfigurationException.class), uri + " -> " + e);
            }
            assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("mcp:local/echo?resultModes=json"));
        }
    }

    @Test
    void invalidServerDefinitionsAreReportedAtStart() throws Exception {
        McpServerDefinition incomplete = new McpServerDefinition();
        incomplete.setName("broken");
        McpComponent component = new McpComponent();
        component.addServer(incomplete);
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("mcp", component);
            Exception e = assertThrows(Exception.class, context::start);
            assertTrue(rootMessage(e).contains("MCP server 'broken' has neither a command (stdio) nor a url (HTTP)"),
                    rootMessage(e));
        }
        McpConfigurationException transport = assertThrows(McpConfigurationException.class,
                () -> io.camelagents.mcp.config.McpServerPropertiesBinder.applyOption("x", new McpServerDefinition(),
                        "transport", "carrier-pigeon"));
        assertTrue(transport.getMessage().contains("use stdio, streamableHttp or sse"));
        McpConfigurationException option = assertThrows(McpConfigurationException.class,
                () -> io.camelagents.mcp.config.McpServerPropertiesBinder.applyOption("x", new McpServerDefinition(),
                        "comand", "node"));
        assertTrue(option.getMessage().contains("Valid options"));
        assertTrue(option.getMessage().contains("did you mean command?"), option.getMessage());
    }

    @Test
    void serversFromPropertiesBeanAndClaudeJsonFileAllWork() throws Exception {
        String everything = NpmServers.everything().toString();
        String node = NpmServers.node();
        Path file = Files.createTempFile("claude_desktop_config", ".json");
        Files.writeString(file, """
                {
                  "mcpServers": {
                    "fromFile": {
                      "command": "%s",
                      "args": ["%s", "stdio"],
                      "env": { "GREETING": "${MCP_TEST_UNSET_VARIABLE:-hello from file}" },
                      "autoApprove": ["echo"]
                    },
                    "remote": {
                      "type": "http",
                      "url": "http://127.0.0.1:9/api/mcp",
                      "headers": { "Authorization": "Bearer {{remote.token}}" },
                      "lazyStart": true
                    },
                    "off": { "command": "nothing", "disabled": true }
                  }
                }
                """.formatted(node, everything));
        McpServerDefinition bean = new McpServerDefinition();
        bean.setCommand(node);
        bean.setArgs(List.of(everything, "stdio"));

        Main main = new Main();
        main.bind("fromBean", bean);
        main.addInitialProperty("remote.token", "t0ken-value");
        main.addInitialProperty("camel.component.mcp.servers-file", "file:" + file);
        main.addInitialProperty("camel.component.mcp.servers.fromProps.command", node);
        main.addInitialProperty("camel.component.mcp.servers.fromProps.args", everything + ",stdio");
        main.addInitialProperty("camel.component.mcp.servers.fromProps.env.API_KEY", "k3y-k3y-k3y");
        main.addInitialProperty("camel.component.mcp.servers.fromProps.allowed-tools", "echo,get-sum");
        main.addInitialProperty("camel.component.mcp.servers.fromProps.request-timeout", "15s");
        // Camel property binding removes dashes from dotted keys: header names with dashes go in brackets.
        main.addInitialProperty("camel.component.mcp.servers.remote.headers[X-Trace]", "on");
        main.addInitialProperty("camel.component.mcp.servers[bracket].command", node);
        main.addInitialProperty("camel.component.mcp.servers[bracket].args", everything + ",stdio");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").to("mcp:fromProps/echo");
            }
        });
        try {
            main.start();
            CamelContext context = main.getCamelContext();
            McpComponent component = context.getComponent("mcp", McpComponent.class);
            Map<String, McpServerDefinition> defs = component.serverDefinitions();
            assertEquals(java.util.Set.of("fromFile", "remote", "fromBean", "fromProps", "bracket"), defs.keySet());
            assertEquals(List.of(everything, "stdio"), defs.get("bracket").getArgs());

            McpServerDefinition fromProps = defs.get("fromProps");
            assertEquals(List.of(everything, "stdio"), fromProps.getArgs());
            assertEquals("k3y-k3y-k3y", fromProps.getEnv().get("API_KEY"));
            assertEquals(List.of("echo", "get-sum"), fromProps.getAllowedTools());
            assertEquals(15_000, fromProps.getRequestTimeout());
            assertEquals(McpTransportType.streamableHttp, defs.get("remote").effectiveTransport());
            // As in Claude Code, a file's url is the full endpoint address: nothing is appended.
            assertEquals("http://127.0.0.1:9/api/mcp", defs.get("remote").describeEndpoint());
            assertEquals("Bearer t0ken-value", defs.get("remote").getHeaders().get("Authorization"));
            assertEquals("on", defs.get("remote").getHeaders().get("X-Trace"), defs.get("remote").getHeaders().keySet().toString());
            assertEquals("hello from file", defs.get("fromFile").getEnv().get("GREETING"));
            assertFalse(defs.get("remote").toString().contains("t0ken-value"));

            ProducerTemplate template = context.createProducerTemplate();
            assertEquals("Echo: props", template.requestBody("direct:ask", Map.of("message", "props")));
            assertEquals("Echo: bean", template.requestBody("mcp:fromBean/echo", Map.of("message", "bean")));
            assertEquals("Echo: file", template.requestBody("mcp:fromFile/echo", Map.of("message", "file")));
        } finally {
            main.stop();
            Files.deleteIfExists(file);
        }
    }

    private static void assertCauseMessage(CamelContext context, String uri, String... fragments) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint(uri));
        String message = rootMessage(e);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), uri + " -> " + message);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
