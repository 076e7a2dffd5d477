package io.camelagents.mcp;

import java.util.Map;

import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.EmbeddedHttpMcpServer;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java SDK test server over streamable HTTP (embedded Tomcat) guarded by a bearer token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaSdkHttpServerTest {

    private static final String TOKEN = "test-token-0123456789";
    private EmbeddedHttpMcpServer server;
    private CamelHarness camel;

    @BeforeAll
    void start() throws Exception {
        server = new EmbeddedHttpMcpServer(TOKEN);
        McpServerDefinition authorized = http("remote", server.baseUrl());
        authorized.getHeaders().put("Authorization", "Bearer " + TOKEN);
        // These two are refused (401): lazy, so the context starts and each call shows the error.
        McpServerDefinition anonymous = http("anonymous", server.baseUrl());
        anonymous.setLazyStart(true);
        McpServerDefinition wrongToken = http("wrongToken", server.baseUrl());
        wrongToken.getHeaders().put("Authorization", "Bearer nope-nope-nope");
        wrongToken.setLazyStart(true);
        camel = new CamelHarness(authorized, anonymous, wrongToken);
    }

    private static McpServerDefinition http(String name, String url) {
        McpServerDefinition d = new McpServerDefinition();
        d.setName(name);
        d.setTransport(McpTransportType.streamableHttp);
        d.setUrl(url);
        d.setRequestTimeout(10_000);
        return d;
    }

    @AfterAll
    void stop() throws Exception {
        camel.close();
        server.close();
    }

    @Test
    void callsToolsWithTheAuthorizationHeader() {
        assertEquals("echo: over http", camel.request("mcp:remote/echo", Map.of("message", "over http")));
        assertEquals(Map.of("sum", 3.0), camel.request("mcp:remote/add?resultMode=structured", Map.of("a", 1, "b", 2)));
        assertEquals("hello resource", camel.request("mcp:remote?operation=readResource&resourceUri=test://greeting", null));
        Exchange progress = camel.send("mcp:remote/progress?trackProgress=true", Map.of("steps", 2));
        assertEquals(2, progress.getMessage().getHeader(McpConstants.PROGRESS, java.util.List.class).size());
    }

    @Test
    void http401SurfacesAsAuthorizationError() {
        for (String server : new String[] { "anonymous", "wrongToken" }) {
            Exchange exchange = camel.send("mcp:" + server + "/echo", Map.of("message", "x"));
            McpAuthorizationException error = assertInstanceOf(McpAuthorizationException.class, exchange.getException());
            assertEquals(401, error.getStatusCode());
            assertEquals(EmbeddedHttpMcpServer.CHALLENGE, error.getWwwAuthenticate());
            assertFalse(error.getMessage().contains("nope-nope-nope"));
        }
    }

    @Test
    void headerValuesAreNotPrinted() {
        String described = camel.component().getServerDefinition("remote").toString();
        assertFalse(described.contains(TOKEN), described);
        assertTrue(described.contains("Authorization"), described);
    }

    @Test
    void aPathInTheUrlIsKeptAsPrefixOfTheEndpoint() throws Exception {
        // Mounted under /some/prefix: only /some/prefix/mcp answers, /mcp is a 404.
        try (EmbeddedHttpMcpServer prefixed = new EmbeddedHttpMcpServer(null, "/some/prefix")) {
            String base = prefixed.baseUrl();
            McpServerDefinition withPrefix = http("withPrefix", base + "/some/prefix");
            McpServerDefinition trailingSlash = http("trailingSlash", base + "/some/prefix/");
            McpServerDefinition fullAddress = http("fullAddress", base + "/some/prefix/mcp");
            fullAddress.setEndpoint(""); // the url already is the endpoint
            McpServerDefinition noPrefix = http("noPrefix", base);
            noPrefix.setLazyStart(true);
            try (CamelHarness local = new CamelHarness(withPrefix, trailingSlash, fullAddress, noPrefix)) {
                for (String name : new String[] { "withPrefix", "trailingSlash", "fullAddress" }) {
                    assertEquals("echo: " + name, local.request("mcp:" + name + "/echo", Map.of("message", name)));
                    assertEquals(base + "/some/prefix/mcp",
                            local.context().getEndpoint("mcp:" + name + "/echo", McpEndpoint.class).getServiceUrl());
                }
                // The error names the address really used.
                Exchange wrong = local.send("mcp:noPrefix/echo", Map.of("message", "x"));
                McpInitializationException error = assertInstanceOf(McpInitializationException.class, wrong.getException());
                assertTrue(error.getMessage().contains(base + "/mcp"), error.getMessage());
                assertTrue(error.getMessage().contains("404"), error.getMessage());
            }
        }
    }

    @Test
    void toolErrorOverHttp() {
        assertInstanceOf(McpToolErrorException.class, camel.send("mcp:remote/fail", Map.of("reason", "r")).getException());
    }
}
