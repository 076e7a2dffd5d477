package io.camelagents.mcp;

import java.util.List;
import java.util.Map;

import io.camelagents.mcp.model.McpResourceInfo;
import io.camelagents.mcp.model.McpToolInfo;
import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.NodeHttpServerProcess;
import io.camelagents.mcp.testsupport.NpmServers;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * npm {@code @modelcontextprotocol/server-everything}, the MCP reference test server, over stdio and over
 * streamable HTTP: the same assertions on both transports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EverythingServerTest {

    private NodeHttpServerProcess httpServer;
    private CamelHarness camel;

    @BeforeAll
    void start() throws Exception {
        McpServerDefinition stdio = CamelHarness.stdio("everything",
                List.of(NpmServers.node(), NpmServers.everything().toString(), "stdio"));
        httpServer = new NodeHttpServerProcess(NpmServers.everything(), List.of("streamableHttp"), Map.of());
        McpServerDefinition http = new McpServerDefinition();
        http.setName("everythingHttp");
        http.setTransport(McpTransportType.streamableHttp);
        http.setUrl(httpServer.baseUrl());
        camel = new CamelHarness(stdio, http);
    }

    @AfterAll
    void stop() throws Exception {
        camel.close();
        httpServer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "everything", "everythingHttp" })
    void echoSumAndStructuredContent(String server) {
        Exchange echo = camel.send("mcp:" + server + "/echo", Map.of("message", "hello"));
        assertEquals("Echo: hello", echo.getMessage().getBody());
        assertEquals("2025-11-25", echo.getMessage().getHeader(McpConstants.PROTOCOL_VERSION));
        assertTrue(String.valueOf(camel.request("mcp:" + server + "/get-sum", Map.of("a", 2, "b", 3))).contains("5"));

        Exchange weather = camel.send("mcp:" + server + "/get-structured-content?resultMode=structured",
                Map.of("location", "Chicago"));
        Map<?, ?> structured = assertInstanceOf(Map.class, weather.getMessage().getBody());
        assertFalse(structured.isEmpty());
        // The same data as JSON text, parsed by resultMode=json.
        assertEquals(structured, camel.request("mcp:" + server + "/get-structured-content?resultMode=json",
                Map.of("location", "Chicago")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "everything", "everythingHttp" })
    void imageContentAndProgress(String server) {
        Exchange image = camel.send("mcp:" + server + "/get-tiny-image", null);
        assertTrue(image.getMessage().getHeader(McpConstants.CONTENT_TYPES, List.class).contains("image"));

        Exchange progress = camel.send("mcp:" + server + "/trigger-long-running-operation?trackProgress=true",
                Map.of("duration", 1, "steps", 3));
        assertEquals(null, progress.getException());
        assertEquals(3, progress.getMessage().getHeader(McpConstants.PROGRESS, List.class).size());
    }

    @ParameterizedTest
    @ValueSource(strings = { "everything", "everythingHttp" })
    void toolsResourcesAndPrompts(String server) {
        @SuppressWarnings("unchecked")
        List<McpToolInfo> tools = (List<McpToolInfo>) camel.request("mcp:" + server + "?operation=listTools", null);
        assertTrue(tools.stream().anyMatch(t -> t.name().equals("echo")), tools.toString());
        @SuppressWarnings("unchecked")
        List<McpResourceInfo> resources = (List<McpResourceInfo>) camel.request("mcp:" + server + "?operation=listResources", null);
        assertFalse(resources.isEmpty());
        Exchange read = camel.send("mcp:" + server + "?operation=readResource", null,
                Map.of(McpConstants.RESOURCE_URI, resources.get(0).uri()));
        assertFalse(String.valueOf(read.getMessage().getBody()).isBlank());
        assertInstanceOf(List.class, camel.request("mcp:" + server + "?operation=listResourceTemplates", null));
        String prompt = (String) camel.request("mcp:" + server + "?operation=getPrompt&promptName=simple-prompt", null);
        assertFalse(prompt.isBlank());
        assertInstanceOf(List.class, camel.request("mcp:" + server + "?operation=listPrompts", null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "everything", "everythingHttp" })
    void schemaViolationIsAToolError(String server) {
        Exchange bad = camel.send("mcp:" + server + "/get-sum", Map.of("a", "not a number"));
        Exception error = bad.getException();
        assertTrue(error instanceof McpToolErrorException || error instanceof McpProtocolException, String.valueOf(error));
    }
}
