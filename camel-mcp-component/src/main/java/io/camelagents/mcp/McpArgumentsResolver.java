package io.camelagents.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/**
 * Finds the tool / prompt arguments of a message: header {@code CamelMcpArguments}, else the body. Accepts a Map,
 * a JSON object (String, byte[], InputStream) or any POJO Jackson can turn into a JSON object; null means none.
 */
final class McpArgumentsResolver {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private final ObjectMapper objectMapper;

    McpArgumentsResolver(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    Map<String, Object> resolve(Exchange exchange) {
        Object source = exchange.getMessage().getHeader(McpConstants.ARGUMENTS);
        if (source == null) {
            source = exchange.getMessage().getBody();
        }
        return toMap(source);
    }

    Map<String, Object> toMap(Object source) {
        try {
            if (source == null) {
                return new LinkedHashMap<>();
            }
            if (source instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), v));
                return copy;
            }
            if (source instanceof CharSequence text) {
                return text.toString().isBlank() ? new LinkedHashMap<>() : objectMapper.readValue(text.toString(), MAP_TYPE);
            }
            if (source instanceof byte[] bytes) {
                return bytes.length == 0 ? new LinkedHashMap<>() : objectMapper.readValue(bytes, MAP_TYPE);
            }
            if (source instanceof InputStream in) {
                byte[] bytes = in.readAllBytes();
                return bytes.length == 0 ? new LinkedHashMap<>() : objectMapper.readValue(bytes, MAP_TYPE);
            }
            return objectMapper.convertValue(source, MAP_TYPE);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("MCP arguments must be a Map, a JSON object or a POJO; got "
                    + source.getClass().getName() + ": " + e.getMessage(), e);
        }
    }
}
