package io.camelagents.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.NpmServers;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * MCP configuration never fails open (issue 8, section 4): a misspelled key stops start-up instead of dropping the
 * allow-list, a server that cannot be reached fails start-up by default, and every configuration error is an
 * {@link McpConfigurationException} (or an {@link McpInitializationException}) that says what to fix.
 */
class McpFailClosedConfigurationTest {

    @TempDir
    Path dir;

    /** The incident: "allowedTool" instead of "allowedTools" left server-memory without an allow-list. */
    @Test
    void aMisspelledAllowListKeyInTheServersFileFailsStartup() throws Exception {
        Path typo = serversFile("allowedTool");
        McpComponent component = new McpComponent();
        component.setServersFile("file:" + typo);
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("mcp", component);
            McpConfigurationException error = cause(assertThrows(Exception.class, context::start),
                    McpConfigurationException.class);
            assertContains(error.getMessage(), typo.toString(), "Unknown option 'allowedTool'", "MCP server 'memory'",
                    "did you mean allowedTools?", "Valid options: [", "deniedTools", "autoApprove");
        }

        // The same file with the right key: the allow-list holds, destructive tools are refused before sending.
        Path right = serversFile("allowedTools");
        McpComponent fixed = new McpComponent();
        fixed.setServersFile("file:" + right);
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("mcp", fixed);
            context.start();
            var template = context.createProducerTemplate();
            template.requestBody("mcp:memory/create_entities", Map.of("entities", List.of(Map.of("name", "Ada",
                    "entityType", "person", "observations", List.of("wrote the first program")))));
            ResolveEndpointFailedException uri = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("mcp:memory/delete_entities"));
            assertInstanceOf(McpToolNotAllowedException.class, uri.getCause());
            Exchange viaHeader = template.send("mcp:memory/read_graph", e -> {
                e.getMessage().setHeader(McpConstants.TOOL_NAME, "delete_entities");
                e.getMessage().setBody(Map.of("entityNames", List.of("Ada")));
            });
            assertInstanceOf(McpToolNotAllowedException.class, viaHeader.getException());
            assertTrue(template.requestBody("mcp:memory/read_graph", null, String.class).contains("Ada"));
        }
    }

    @Test
    void aMisspelledKeyInPropertiesFailsStartup() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.mcp.servers.files.command", NpmServers.node());
        main.addInitialProperty("camel.component.mcp.servers.files.lazy-start", "true");
        main.addInitialProperty("camel.component.mcp.servers.files.denied-tool", "write_*");
        try {
            McpConfigurationException error = cause(assertThrows(Exception.class, main::start),
                    McpConfigurationException.class);
            assertContains(error.getMessage(), "Unknown option 'deniedTool'", "did you mean deniedTools?");
        } finally {
            main.stop();
        }
    }

    @Test
    void aWrongCommandFailsContextStartUnlessLazy() throws Exception {
        McpServerDefinition wrong = CamelHarness.stdio("wrong", List.of("/nonexistent/mcp-server-for-test", "--stdio"));
        McpInitializationException error = cause(startFailure(wrong), McpInitializationException.class);
        assertContains(error.getMessage(), "Could not start MCP server 'wrong'", "/nonexistent/mcp-server-for-test",
                "Cannot start");

        wrong.setLazyStart(true);
        try (CamelHarness camel = new CamelHarness(wrong)) {
            assertTrue(camel.context().isStarted());
            McpInitializationException onCall = assertInstanceOf(McpInitializationException.class,
                    camel.send("mcp:wrong/echo", null).getException());
            assertContains(onCall.getMessage(), "Cannot start");
        }
    }

    @Test
    void aRefusedConnectionNamesTheCauseAndTheFullAddress() throws Exception {
        int port = NpmServers.freePort(); // nothing listens there
        McpServerDefinition down = http("down", "http://127.0.0.1:" + port + "/api");
        McpInitializationException error = cause(startFailure(down), McpInitializationException.class);
        String expected = "connection refused to http://127.0.0.1:" + port + "/api/mcp";
        assertContains(error.getMessage(), expected);
        assertFalse(error.getMessage().contains("null"), error.getMessage());

        down.setLazyStart(true);
        try (CamelHarness camel = new CamelHarness(down)) {
            Exception onCall = camel.send("mcp:down/echo", null).getException();
            assertInstanceOf(McpInitializationException.class, onCall);
            assertContains(onCall.getMessage(), expected);
            assertFalse(onCall.getMessage().contains("null"), onCall.getMessage());
        }
    }

    @Test
    void anInvalidUrlIsAConfigurationErrorThatSaysWhatToFix() throws Exception {
        for (String url : List.of("http://[oops", "ftp://127.0.0.1/mcp", "http:///no-host")) {
            McpConfigurationException error = cause(startFailure(http("bad", url)), McpConfigurationException.class);
            assertContains(error.getMessage(), "MCP server 'bad'", url, "set servers.bad.url to http(s)://host");
        }
    }

    @Test
    void durationsAcceptCamelAndIsoSyntaxEverywhere() throws Exception {
        Path json = dir.resolve("servers.json");
        Files.writeString(json, """
                {"mcpServers": {"fromFile": {"command": "node", "lazyStart": true, "requestTimeout": "2m",
                  "connectTimeout": 7000, "initializationTimeout": "PT1M", "shutdownTimeout": "1s500ms"}}}
                """);
        Main main = new Main();
        main.addInitialProperty("camel.component.mcp.servers-file", "file:" + json);
        main.addInitialProperty("camel.component.mcp.request-timeout", "PT20S");
        main.addInitialProperty("camel.component.mcp.servers.props.command", "node");
        main.addInitialProperty("camel.component.mcp.servers.props.lazy-start", "true");
        main.addInitialProperty("camel.component.mcp.servers.props.connect-timeout", "PT5S");
        main.addInitialProperty("camel.component.mcp.servers.props.request-timeout", "30s");
        main.addInitialProperty("camel.component.mcp.servers.props.initialization-timeout", "2m");
        main.addInitialProperty("camel.component.mcp.servers.props.shutdown-timeout", "1500");
        // A property for a server of the file is applied on top of it, whatever the option.
        main.addInitialProperty("camel.component.mcp.servers.fromFile.request-timeout", "45s");
        try {
            main.start();
            McpComponent component = main.getCamelContext().getComponent("mcp", McpComponent.class);
            assertEquals(20_000, component.getConfiguration().getRequestTimeout());
            McpServerDefinition props = component.getServerDefinition("props");
            assertEquals(5_000, props.getConnectTimeout());
            assertEquals(30_000, props.getRequestTimeout());
            assertEquals(120_000, props.getInitializationTimeout());
            assertEquals(1_500, props.getShutdownTimeout());
            McpServerDefinition fromFile = component.getServerDefinition("fromFile");
            assertEquals(45_000, fromFile.getRequestTimeout());
            assertEquals(7_000, fromFile.getConnectTimeout());
            assertEquals(60_000, fromFile.getInitializationTimeout());
            assertEquals(1_500, fromFile.getShutdownTimeout());
            assertTrue(fromFile.isLazyStart());

            CamelContext context = main.getCamelContext();
            for (Map.Entry<String, Long> form : Map.of("30s", 30_000L, "2m", 120_000L, "PT30S", 30_000L,
                    "1500", 1_500L, "500ms", 500L).entrySet()) {
                McpEndpoint endpoint = context.getEndpoint("mcp:props/echo?requestTimeout=" + form.getKey(), McpEndpoint.class);
                assertEquals(form.getValue(), endpoint.getConfiguration().getRequestTimeout(), form.getKey());
            }
            ResolveEndpointFailedException bad = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("mcp:props/echo?requestTimeout=30 secs"));
            McpConfigurationException error = cause(bad, McpConfigurationException.class);
            assertContains(error.getMessage(), "Invalid duration '30 secs'", "requestTimeout", "use milliseconds (30000), 30s");
        } finally {
            main.stop();
        }
        // The endpoint defaults as an object of their own (a bean or nested properties) take the same syntax.
        Main nested = new Main();
        nested.addInitialProperty("camel.component.mcp.configuration.request-timeout", "PT15S");
        try {
            nested.start();
            assertEquals(15_000, nested.getCamelContext().getComponent("mcp", McpComponent.class).getConfiguration()
                    .getRequestTimeout());
        } finally {
            nested.stop();
        }
    }

    @Test
    void invalidDurationsFailStartupWithAMessage() throws Exception {
        Map<String, String> cases = Map.of(
                // camel-main hands over dashed keys in camelCase
                "camel.component.mcp.servers.props.request-timeout", "servers.props.requestTimeout",
                "camel.component.mcp.servers.props.initialization-timeout", "servers.props.initializationTimeout",
                "camel.component.mcp.request-timeout", "camel.component.mcp.requestTimeout",
                "camel.component.mcp.configuration.request-timeout", "McpConfiguration option requestTimeout");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            for (String value : List.of("30 secs", "abc", "-5s")) {
                Main main = new Main();
                main.addInitialProperty("camel.component.mcp.servers.props.command", "node");
                main.addInitialProperty("camel.component.mcp.servers.props.lazy-start", "true");
                main.addInitialProperty(c.getKey(), value);
                try {
                    McpConfigurationException error = cause(assertThrows(Exception.class, main::start),
                            McpConfigurationException.class);
                    assertContains(error.getMessage(), "Invalid duration '" + value + "' for " + c.getValue(),
                            "30s, 2m, 1h30m, 500ms or ISO-8601 (PT30S)");
                } finally {
                    main.stop();
                }
            }
        }
        Path json = dir.resolve("bad-duration.json");
        Files.writeString(json, "{\"mcpServers\": {\"f\": {\"command\": \"node\", \"requestTimeout\": \"30 secs\"}}}");
        McpComponent component = new McpComponent();
        component.setServersFile("file:" + json);
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("mcp", component);
            McpConfigurationException error = cause(assertThrows(Exception.class, context::start),
                    McpConfigurationException.class);
            assertContains(error.getMessage(), json.toString(), "Invalid duration '30 secs' for servers.f.requestTimeout");
        }
    }

    @Test
    void otherInvalidValuesAreRefusedNotGuessed() throws Exception {
        McpServerDefinition target = new McpServerDefinition();
        assertContains(assertThrows(McpConfigurationException.class, () -> io.camelagents.mcp.config.McpServerPropertiesBinder
                .applyOption("x", target, "lazyStart", "ture")).getMessage(), "needs true or false, got 'ture'");
        assertContains(assertThrows(McpConfigurationException.class, () -> io.camelagents.mcp.config.McpServerPropertiesBinder
                .applyOption("x", target, "stderrLinesPerMinute", "lots")).getMessage(), "needs a whole number");
        assertContains(assertThrows(McpConfigurationException.class, () -> io.camelagents.mcp.config.McpServerPropertiesBinder
                .applyOption("x", target, "command", List.of("npx", "-y"))).getMessage(), "needs a single value");
        McpServerDefinition zero = CamelHarness.stdio("zero", List.of("node"));
        zero.setRequestTimeout(0);
        assertContains(cause(startFailure(zero), McpConfigurationException.class).getMessage(),
                "requestTimeout must be positive", "servers.zero.requestTimeout");
    }

    private Path serversFile(String allowListKey) throws Exception {
        Path file = dir.resolve(allowListKey + ".json");
        Path memory = dir.resolve("memory-" + allowListKey + ".jsonl");
        Files.writeString(file, """
                {"mcpServers": {"memory": {
                  "command": "%s", "args": ["%s"], "env": {"MEMORY_FILE_PATH": "%s"},
                  "%s": ["read_graph", "create_entities", "search_nodes"]
                }}}
                """.formatted(NpmServers.node(), NpmServers.memory(), memory, allowListKey));
        return file;
    }

    private static McpServerDefinition http(String name, String url) {
        McpServerDefinition d = new McpServerDefinition();
        d.setName(name);
        d.setUrl(url);
        return d;
    }

    /** Starts a context with these servers, expects start to fail, and returns the failure. */
    private static Exception startFailure(McpServerDefinition... servers) throws Exception {
        McpComponent component = new McpComponent();
        for (McpServerDefinition server : servers) {
            component.addServer(server);
        }
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("mcp", component);
            return assertThrows(Exception.class, context::start);
        }
    }

    static <T extends Throwable> T cause(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        fail("no " + type.getSimpleName() + " in the causes of " + thrown, thrown);
        return null;
    }

    static void assertContains(String text, String... fragments) {
        assertNotNull(text);
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), "'" + fragment + "' missing from: " + text);
        }
    }
}
