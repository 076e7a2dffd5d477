package io.camelagents.mcp.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;

/**
 * A real MCP server built with the Java SDK. Run as a child JVM ({@code main}, stdio) or embedded behind Tomcat
 * ({@link EmbeddedHttpMcpServer}). Tools: echo, add (structured output), fail (isError), throw (handler exception),
 * slow, progress, get_env, calls (number of tools/call received).
 */
public final class JavaSdkTestServer {

    private JavaSdkTestServer() {
    }

    /** Strong reference: an unreferenced server can be garbage-collected, its threads end and the JVM exits. */
    private static volatile McpSyncServer running;

    /** stdio mode: the JVM lives until stdin closes (the SDK's threads keep it alive; main must not block). */
    public static void main(String[] args) {
        running = build(new StdioServerTransportProvider(McpJsonDefaults.getMapper()));
    }

    public static McpSyncServer build(McpServerTransportProvider provider) {
        return McpServer.sync(provider).serverInfo("java-sdk-test-server", "1.0.0").capabilities(capabilities())
                .tools(tools()).resources(resource()).prompts(prompt()).build();
    }

    public static McpSyncServer build(McpStreamableServerTransportProvider provider) {
        return McpServer.sync(provider).serverInfo("java-sdk-test-server", "1.0.0").capabilities(capabilities())
                .tools(tools()).resources(resource()).prompts(prompt()).build();
    }

    private static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().tools(true).resources(false, false).prompts(false).logging().build();
    }

    private static List<SyncToolSpecification> tools() {
        AtomicInteger calls = new AtomicInteger();
        return List.of(
                tool("echo", "Echoes the message", schema(Map.of("message", "string")), (ex, req) -> {
                    calls.incrementAndGet();
                    return text("echo: " + req.arguments().get("message"));
                }),
                SyncToolSpecification.builder().tool(McpSchema.Tool.builder().name("add").description("Adds a and b")
                        .inputSchema(schema(Map.of("a", "number", "b", "number")))
                        .outputSchema(Map.of("type", "object", "properties", Map.of("sum", Map.of("type", "number"))))
                        .build()).callHandler((ex, req) -> {
                            calls.incrementAndGet();
                            double sum = ((Number) req.arguments().get("a")).doubleValue()
                                    + ((Number) req.arguments().get("b")).doubleValue();
                            return McpSchema.CallToolResult.builder().addTextContent("{\"sum\":" + sum + "}")
                                    .structuredContent(Map.of("sum", sum)).build();
                        }).build(),
                tool("fail", "Reports a tool error", schema(Map.of("reason", "string")), (ex, req) -> {
                    calls.incrementAndGet();
                    return McpSchema.CallToolResult.builder().addTextContent("failed: " + req.arguments().get("reason"))
                            .isError(true).build();
                }),
                tool("throw", "Throws in the handler", schema(Map.of()), (ex, req) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("boom from handler");
                }),
                tool("slow", "Sleeps millis", schema(Map.of("millis", "number")), (ex, req) -> {
                    calls.incrementAndGet();
                    sleep(((Number) req.arguments().get("millis")).longValue());
                    return text("slept");
                }),
                tool("progress", "Sends progress notifications", schema(Map.of("steps", "number")), (ex, req) -> {
                    calls.incrementAndGet();
                    int steps = ((Number) req.arguments().get("steps")).intValue();
                    Object token = req.progressToken();
                    for (int i = 1; i <= steps && token != null; i++) {
                        ex.progressNotification(new McpSchema.ProgressNotification(token, i, (double) steps, "step " + i));
                    }
                    return text("done " + steps);
                }),
                tool("get_env", "Returns an environment variable", schema(Map.of("name", "string")), (ex, req) -> {
                    calls.incrementAndGet();
                    String value = System.getenv(String.valueOf(req.arguments().get("name")));
                    return text(value == null ? "<unset>" : value);
                }),
                tool("calls", "Number of tools/call received", schema(Map.of()), (ex, req) ->
                        text(String.valueOf(calls.get()))));
    }

    private static SyncResourceSpecification resource() {
        McpSchema.Resource resource = McpSchema.Resource.builder().uri("test://greeting").name("greeting")
                .mimeType("text/plain").build();
        return new SyncResourceSpecification(resource, (ex, req) -> new McpSchema.ReadResourceResult(
                List.of(new McpSchema.TextResourceContents(req.uri(), "text/plain", "hello resource"))));
    }

    private static SyncPromptSpecification prompt() {
        McpSchema.Prompt prompt = new McpSchema.Prompt("greet", "Greets someone",
                List.of(new McpSchema.PromptArgument("name", "Who to greet", true)));
        return new SyncPromptSpecification(prompt, (ex, req) -> new McpSchema.GetPromptResult("A greeting",
                List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                        new McpSchema.TextContent("Hello, " + req.arguments().get("name") + "!")))));
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> schema,
                                              java.util.function.BiFunction<io.modelcontextprotocol.server.McpSyncServerExchange,
                                                      McpSchema.CallToolRequest, McpSchema.CallToolResult> handler) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(schema).build())
                .callHandler(handler).build();
    }

    private static Map<String, Object> schema(Map<String, String> properties) {
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        properties.forEach((k, type) -> props.put(k, Map.of("type", type)));
        return Map.of("type", "object", "properties", props);
    }

    private static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
