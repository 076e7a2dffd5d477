package io.camelagents.mcp.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.mcp.McpConfigurationException;
import io.camelagents.mcp.McpServerDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the MCP server file users already have: Claude Desktop's {@code claude_desktop_config.json}
 * ({@code {"mcpServers": {"name": {"command", "args", "env"}}}}), Claude Code's {@code .mcp.json} (adds
 * {@code "type": "stdio" | "http" | "sse"}, {@code "url"}, {@code "headers"}) or VS Code's {@code "servers"} key.
 * <p>
 * String values may use {@code ${VAR}} / {@code ${VAR:-default}} (JVM environment, as Claude Code does) and Camel
 * {@code {{placeholders}}}. Component options such as {@code allowedTools} may be added per server. Client-specific
 * fields ({@code autoApprove}, {@code alwaysAllow}, {@code timeout}...) are ignored; any other unknown field fails
 * (a misspelled option must not be dropped); {@code "disabled": true} skips the server. An entry's {@code url} is
 * the full endpoint address, as in Claude Code and VS Code, unless the entry also sets {@code endpoint}.
 */
public final class ClaudeDesktopConfigReader {

    private static final Logger LOG = LoggerFactory.getLogger(ClaudeDesktopConfigReader.class);
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Set<String> IGNORED = Set.of("autoApprove", "alwaysAllow", "timeout", "description",
            "icon", "trust", "includeTools", "excludeTools", "envFile", "oauth");
    private static final List<String> IGNORED_SORTED = IGNORED.stream().sorted().toList();

    private final ObjectMapper objectMapper = new ObjectMapper();
    private final UnaryOperator<String> placeholderResolver;
    private final Map<String, String> environment;

    /**
     * @param placeholderResolver resolves Camel {@code {{...}}} placeholders
     * @param environment         source of {@code ${VAR}} values (the JVM environment in production)
     */
    public ClaudeDesktopConfigReader(UnaryOperator<String> placeholderResolver, Map<String, String> environment) {
        this.placeholderResolver = placeholderResolver;
        this.environment = environment;
    }

    public Map<String, McpServerDefinition> read(InputStream json, String sourceName) throws IOException {
        JsonNode root = objectMapper.readTree(json);
        JsonNode servers = root != null ? root.get("mcpServers") : null;
        if (servers == null && root != null) {
            servers = root.get("servers");
        }
        if (servers == null || !servers.isObject()) {
            throw new McpConfigurationException(null, sourceName + " has no \"mcpServers\" (or \"servers\") object");
        }
        Map<String, McpServerDefinition> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = servers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            if (!node.isObject()) {
                throw new McpConfigurationException(name, "MCP server '" + name + "' in " + sourceName
                        + " must be a JSON object such as {\"command\": \"npx\", \"args\": [...]}, got: " + node);
            }
            if (node.path("disabled").asBoolean(false)) {
                LOG.info("MCP server '{}' in {} is disabled; skipped", name, sourceName);
                continue;
            }
            McpServerDefinition definition = new McpServerDefinition();
            definition.setName(name);
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (key.equals("disabled") || IGNORED.contains(key)) {
                    continue;
                }
                try {
                    McpServerPropertiesBinder.applyOption(name, definition, key, toValue(field.getValue()));
                } catch (McpConfigurationException e) {
                    // Never drop a field: a misspelled allowedTools would leave the server without its allow-list.
                    throw new McpConfigurationException(name, sourceName + ": " + e.getMessage()
                            + ", and the client fields this reader ignores: " + IGNORED_SORTED, e);
                }
            }
            if (definition.getUrl() != null && !node.has("endpoint")) {
                // Claude Code and VS Code give the full endpoint address as url: append nothing.
                definition.setEndpoint("");
            }
            result.put(name, definition);
        }
        return result;
    }

    private Object toValue(JsonNode node) {
        if (node.isArray()) {
            List<String> list = new java.util.ArrayList<>();
            node.forEach(n -> list.add(resolve(n.asText())));
            return list;
        }
        if (node.isObject()) {
            Map<String, String> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), resolve(e.getValue().asText())));
            return map;
        }
        return resolve(node.asText());
    }

    String resolve(String value) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            String replacement = environment.get(m.group(1));
            if (replacement == null) {
                replacement = m.group(2) != null ? m.group(2) : "";
            }
            m.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(expanded);
        return placeholderResolver.apply(expanded.toString());
    }
}
