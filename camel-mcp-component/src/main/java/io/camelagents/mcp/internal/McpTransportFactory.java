package io.camelagents.mcp.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.McpTransportType;
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

    /**
     * @param httpExecutor runs the HTTP client's asynchronous work (HTTP transports only): the JDK's default is a
     *                     cached pool that grows a thread per concurrent answer, this one is bounded
     */
    static McpClientTransport create(McpServerDefinition definition, McpJsonMapper jsonMapper,
                                     ExecutorService ioExecutor, Executor httpExecutor, SecretMasker masker,
                                     Consumer<String> onLost) {
        if (definition.effectiveTransport() == McpTransportType.stdio) {
            return new StdioProcessTransport(definition, jsonMapper, ioExecutor, masker, onLost);
        }
        // The SDK resolves the endpoint against the base URI: an absolute path ("/mcp") would replace the URL's
        // own path, so give it the origin as base and the full path (prefix + endpoint + query) as endpoint.
        URI full = definition.endpointUri();
        String origin = full.getScheme() + "://" + full.getRawAuthority();
        String pathAndQuery = (full.getRawPath() == null ? "" : full.getRawPath())
                + (full.getRawQuery() == null ? "" : "?" + full.getRawQuery());
        Duration connectTimeout = Duration.ofMillis(definition.getConnectTimeout());
        if (definition.effectiveTransport() == McpTransportType.sse) {
            return HttpClientSseClientTransport.builder(origin)
                    .sseEndpoint(pathAndQuery.isEmpty() ? "/" : pathAndQuery) // the SDK refuses an empty one
                    .jsonMapper(jsonMapper)
                    .connectTimeout(connectTimeout)
                    .customizeClient(client -> client.executor(httpExecutor))
                    .httpRequestCustomizer(headers(definition.getHeaders()))
                    .build();
        }
        return HttpClientStreamableHttpTransport.builder(origin)
                .endpoint(pathAndQuery)
                .jsonMapper(jsonMapper)
                .connectTimeout(connectTimeout)
                .customizeClient(client -> client.executor(httpExecutor))
                .httpRequestCustomizer(headers(definition.getHeaders()))
                .build();
    }

    private static McpSyncHttpClientRequestCustomizer headers(Map<String, String> headers) {
        Map<String, String> copy = Map.copyOf(headers);
        return (builder, method, uri, body, context) -> copy.forEach(builder::setHeader);
    }
}
