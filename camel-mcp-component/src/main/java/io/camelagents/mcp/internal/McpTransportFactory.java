package io.camelagents.mcp.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import io.camelagents.mcp.McpServerDefinition;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;

/**
 * Builds a fresh SDK transport for one connection attempt. A transport is never reused after a failure.
 */
final class McpTransportFactory {

    private McpTransportFactory() {
    }

    static McpClientTransport create(McpServerDefinition definition, McpJsonMapper jsonMapper,
                                     ExecutorService ioExecutor, SecretMasker masker, Consumer<String> onLost) {
        return switch (definition.effectiveTransport()) {
            case stdio -> new StdioProcessTransport(definition, jsonMapper, ioExecutor, masker, onLost);
            case streamableHttp -> HttpClientStreamableHttpTransport.builder(definition.getUrl())
                    .endpoint(definition.effectiveEndpoint())
                    .jsonMapper(jsonMapper)
                    .connectTimeout(Duration.ofMillis(definition.getConnectTimeout()))
                    .httpRequestCustomizer(headers(definition.getHeaders()))
                    .build();
            case sse -> HttpClientSseClientTransport.builder(definition.getUrl())
                    .sseEndpoint(definition.effectiveEndpoint())
                    .jsonMapper(jsonMapper)
                    .connectTimeout(Duration.ofMillis(definition.getConnectTimeout()))
                    .httpRequestCustomizer(headers(definition.getHeaders()))
                    .build();
        };
    }

    private static McpSyncHttpClientRequestCustomizer headers(Map<String, String> headers) {
        Map<String, String> copy = Map.copyOf(headers);
        return (builder, method, uri, body, context) -> copy.forEach(builder::setHeader);
    }
}
