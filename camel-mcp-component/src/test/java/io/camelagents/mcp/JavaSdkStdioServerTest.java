package io.camelagents.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.camelagents.mcp.model.McpProgress;
import io.camelagents.mcp.model.McpPromptResult;
import io.camelagents.mcp.model.McpResourceInfo;
import io.camelagents.mcp.model.McpToolInfo;
import io.camelagents.mcp.model.McpToolResult;
import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.NpmServers;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java SDK test server in a child JVM over stdio: every operation, result mode, error type and the
 * environment isolation of the child.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaSdkStdioServerTest {

    private static final String SECRET = "s3cr3t-value-for-test";
    private CamelHarness camel;
    private String hiddenVariable;

    @BeforeAll
    void start() throws Exception {
        McpServerDefinition java = CamelHarness.stdio("java", NpmServers.javaSdkServerCommand());
        java.getEnv().put("MCP_TEST_TOKEN", SECRET);
        java.setRequestTimeout(20_000);
        // A JVM variable that is neither PATH nor HOME must not reach the child.
        hiddenVariable = System.getenv().keySet().stream().filter(k -> !k.equals("PATH") && !k.equals("HOME"))
                .findFirst().orElseThrow();
        camel = new CamelHarness(java);
    }

    @AfterAll
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void callsToolWithMapArgumentsAndReturnsText() {
        Exchange exchange = camel.send("mcp:java/echo", Map.of("message", "hi"));
        assertEquals("echo: hi", exchange.getMessage().getBody());
        assertEquals(false, exchange.getMessage().getHeader(McpConstants.IS_ERROR));
        assertEquals("java", exchange.getMessage().getHeader(McpConstants.SERVER));
        assertEquals("echo", exchange.getMessage().getHeader(McpConstants.TOOL));
        assertEquals("2025-11-25", exchange.getMessage().getHeader(McpConstants.PROTOCOL_VERSION));
        assertEquals("java-sdk-test-server/1.0.0", exchange.getMessage().getHeader(McpConstants.SERVER_INFO));
        assertEquals(List.of("text"), exchange.getMessage().getHeader(McpConstants.CONTENT_TYPES));
    }

    @Test
    void argumentsFromJsonStringPojoAndHeader() {
        assertEquals("echo: json", camel.request("mcp:java/echo", "{\"message\":\"json\"}"));
        assertEquals("echo: pojo", camel.request("mcp:java/echo", new EchoArgs("pojo")));
        Exchange exchange = camel.send("mcp:java/echo", "ignored body",
                Map.of(McpConstants.ARGUMENTS, Map.of("message", "header")));
        assertEquals("echo: header", exchange.getMessage().getBody());
    }

    public record EchoArgs(String message) {
    }

    @Test
    void resultModes() {
        Map<String, Object> args = Map.of("a", 2, "b", 3.5);
        assertEquals("{\"sum\":5.5}", camel.request("mcp:java/add", args));
        assertEquals(Map.of("sum", 5.5), camel.request("mcp:java/add?resultMode=json", args));
        assertEquals(Map.of("sum", 5.5), camel.request("mcp:java/add?resultMode=structured", args));
        McpToolResult raw = (McpToolResult) camel.request("mcp:java/add?resultMode=raw", args);
        assertEquals(Map.of("sum", 5.5), raw.structuredContent());
        assertFalse(raw.error());
        Exchange exchange = camel.send("mcp:java/add", args);
        assertEquals(Map.of("sum", 5.5), exchange.getMessage().getHeader(McpConstants.STRUCTURED_CONTENT));
    }

    @Test
    void toolErrorFailsByDefaultAndCanBeKept() {
        Exchange failed = camel.send("mcp:java/fail", Map.of("reason", "bad input"));
        McpToolErrorException error = assertInstanceOf(McpToolErrorException.class, failed.getException());
        assertEquals("failed: bad input", error.getResult().text());
        assertEquals("fail", error.getToolName());

        Exchange kept = camel.send("mcp:java/fail?failOnToolError=false", Map.of("reason", "bad input"));
        assertEquals(null, kept.getException());
        assertEquals(true, kept.getMessage().getHeader(McpConstants.IS_ERROR));
        assertEquals("failed: bad input", kept.getMessage().getBody());
    }

    @Test
    void handlerExceptionAndUnknownToolAreProtocolErrors() {
        McpProtocolException thrown = assertInstanceOf(McpProtocolException.class,
                camel.send("mcp:java/throw", null).getException());
        assertEquals(-32603, thrown.getCode());
        assertTrue(thrown.getMessage().contains("boom from handler"), thrown.getMessage());

        McpProtocolException unknown = assertInstanceOf(McpProtocolException.class,
                camel.send("mcp:java/no_such_tool", null).getException());
        assertEquals(-32602, unknown.getCode());
    }

    @Test
    void timeoutIsTypedAndTheConnectionSurvives() {
        long start = System.nanoTime();
        // The tool would answer after 120 s: failing well before proves the 500 ms timeout fired.
        Exchange slow = camel.send("mcp:java/slow?requestTimeout=500ms", Map.of("millis", 120_000));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        McpTimeoutException timeout = assertInstanceOf(McpTimeoutException.class, slow.getException());
        assertEquals(Duration.ofMillis(500), timeout.getTimeout());
        // Generous bound for a loaded machine; the tight target is measured by McpLifecycleBenchmark.
        assertTrue(elapsedMs < 30_000, "timed out after " + elapsedMs + " ms");
        assertEquals("echo: still here", camel.request("mcp:java/echo", Map.of("message", "still here")));
    }

    @Test
    void progressNotificationsReachTheRoute() {
        List<McpProgress> live = new CopyOnWriteArrayList<>();
        camel.context().getRegistry().bind("progressCollector", (McpProgressListener) (ex, p) -> live.add(p));
        Exchange exchange = camel.send("mcp:java/progress?trackProgress=true&progressListener=#progressCollector",
                Map.of("steps", 3));
        assertEquals("done 3", exchange.getMessage().getBody());
        @SuppressWarnings("unchecked")
        List<McpProgress> collected = exchange.getMessage().getHeader(McpConstants.PROGRESS, List.class);
        assertEquals(3, collected.size());
        assertEquals(new McpProgress("java", "progress", 3, 3.0, "step 3"), collected.get(2));
        assertEquals(3, live.size());
    }

    @Test
    void listOperationsResourcesAndPrompts() {
        @SuppressWarnings("unchecked")
        List<McpToolInfo> tools = (List<McpToolInfo>) camel.request("mcp:java?operation=listTools", null);
        assertTrue(tools.stream().anyMatch(t -> t.name().equals("echo") && t.inputSchema() != null), tools.toString());
        @SuppressWarnings("unchecked")
        List<McpResourceInfo> resources = (List<McpResourceInfo>) camel.request("mcp:java?operation=listResources", null);
        assertEquals("test://greeting", resources.get(0).uri());
        assertEquals("hello resource", camel.request("mcp:java?operation=readResource&resourceUri=test://greeting", null));
        assertEquals("Hello, Ada!", camel.request("mcp:java?operation=getPrompt&promptName=greet", Map.of("name", "Ada")));
        McpPromptResult prompt = (McpPromptResult) camel.request(
                "mcp:java?operation=getPrompt&promptName=greet&resultMode=raw", Map.of("name", "Ada"));
        assertEquals("user", prompt.messages().get(0).role());
        Exchange ping = camel.send("mcp:java?operation=ping", "unchanged");
        assertEquals(null, ping.getException());
        assertEquals("unchanged", ping.getMessage().getBody());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> json = (List<Map<String, Object>>) camel.request("mcp:java?operation=listTools&resultMode=json", null);
        assertTrue(json.stream().anyMatch(t -> "add".equals(t.get("name"))));
    }

    @Test
    void operationHeaderOverridesTheEndpoint() {
        Exchange exchange = camel.send("mcp:java/echo", null, Map.of(McpConstants.OPERATION, "listPrompts"));
        assertInstanceOf(List.class, exchange.getMessage().getBody());
    }

    @Test
    void childGetsConfiguredEnvButNotTheJvmEnvironment() {
        assertEquals(SECRET, camel.request("mcp:java/get_env", Map.of("name", "MCP_TEST_TOKEN")));
        assertEquals("<unset>", camel.request("mcp:java/get_env", Map.of("name", hiddenVariable)));
        assertEquals(System.getenv("PATH"), camel.request("mcp:java/get_env", Map.of("name", "PATH")));
        // The secret is not in the definition's text form, nor in any endpoint URI.
        String described = camel.component().getServerDefinition("java").toString();
        assertFalse(described.contains(SECRET), described);
        camel.context().getEndpoints().forEach(e -> assertFalse(e.getEndpointUri().contains(SECRET)));
    }

    @Test
    void headerToolNamesAreRefusedWithoutAnAllowListAndNeverReachTheServer() {
        String before = (String) camel.request("mcp:java/calls", null);
        Exchange refused = camel.send("mcp:java/echo", Map.of("message", "x"), Map.of(McpConstants.TOOL_NAME, "throw"));
        McpToolNotAllowedException notAllowed = assertInstanceOf(McpToolNotAllowedException.class, refused.getException());
        assertEquals("throw", notAllowed.getToolName());
        assertEquals(before, camel.request("mcp:java/calls", null), "the refused call reached the server");
        assertNotNull(camel.component().connection("java").protocolVersion());
    }
}
