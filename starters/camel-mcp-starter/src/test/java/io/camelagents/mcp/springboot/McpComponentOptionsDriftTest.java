package io.camelagents.mcp.springboot;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.mcp.McpComponent;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.McpTransportType;
import io.camelagents.mcp.config.McpServerPropertiesBinder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.convert.converter.GenericConverter.ConvertiblePair;
import org.springframework.mock.env.MockEnvironment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every component option of the generated catalog (mcp.json, componentProperties) and every server option of the
 * component's McpServerPropertiesBinder binds from application properties and reaches a real McpComponent / server
 * definition. Fails when the component changes its options until starters/generate-starter-sources.py (component
 * options) or McpServerProperties (server options) follows.
 */
class McpComponentOptionsDriftTest {

    private static final String PREFIX = "camel.component.mcp";

    @Test
    void everyCatalogOptionBindsAndReachesTheComponent() throws Exception {
        JsonNode options;
        try (InputStream in = McpComponent.class.getResourceAsStream("/META-INF/io/camelagents/mcp/mcp.json")) {
            options = new ObjectMapper().readTree(in).get("componentProperties");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        Set<String> objectOptions = new TreeSet<>();
        for (Map.Entry<String, JsonNode> option : options.properties()) {
            String name = option.getKey();
            JsonNode model = option.getValue();
            if (model.get("type").asText().equals("object")) {
                objectOptions.add(name);
                continue;
            }
            String[] sample = sample(model);
            properties.put(PREFIX + "." + kebab(name), sample[0]);
            expected.put(name, sample[1]);
        }

        McpComponentConfiguration configuration = new Binder(new MapConfigurationPropertySource(properties))
                .bind(PREFIX, Bindable.ofInstance(new McpComponentConfiguration())).get();
        Map<String, Object> bound = configuration.options();
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(bound.keySet()),
                "options of McpComponentConfiguration vs mcp.json: run python3 starters/generate-starter-sources.py");

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            McpComponent component = camel.getComponent("mcp", McpComponent.class);
            CamelPropertiesHelper.setCamelProperties(camel, component, bound, true);
            PropertyConfigurerGetter getter = (PropertyConfigurerGetter) component.getComponentPropertyConfigurer();
            expected.forEach((name, value) -> assertEquals(value,
                    String.valueOf(getter.getOptionValue(component, name, false)), "option " + name));
        }

        Set<String> converted = new TreeSet<>();
        for (ConvertiblePair pair : new McpComponentConverter().getConvertibleTypes()) {
            converted.add(pair.getTargetType().getName());
        }
        for (String name : objectOptions) {
            if (name.equals("servers")) {
                continue; // typed server properties, checked below
            }
            String javaType = options.get(name).get("javaType").asText();
            Class<?> type = McpComponentConfiguration.class.getMethod("get" + Character.toUpperCase(name.charAt(0))
                    + name.substring(1)).getReturnType();
            assertEquals(javaType, type.getName(), "type of object option " + name);
            assertTrue(converted.contains(javaType), "no #bean: converter for " + name);
        }
        assertEquals(Set.of("configuration", "progressListener", "servers"), objectOptions);
    }

    @Test
    void everyServerOptionBindsAndReachesTheDefinition() throws Exception {
        Field optionsField = McpServerPropertiesBinder.class.getDeclaredField("OPTIONS");
        optionsField.setAccessible(true);
        @SuppressWarnings("unchecked")
        Set<String> binderOptions = ((List<String>) optionsField.get(null)).stream()
                .map(o -> o.replaceAll("\\.<[A-Za-z]+>$", "")).collect(Collectors.toCollection(TreeSet::new));

        String server = PREFIX + ".servers.s1.";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(server + "transport", "stdio");
        properties.put(server + "command", "node");
        properties.put(server + "args[0]", "server.js");
        properties.put(server + "args[1]", "stdio");
        properties.put(server + "env.[MCP_TOKEN]", "secret-token");
        properties.put(server + "inherit-env", "PATH");
        properties.put(server + "working-dir", "/tmp");
        properties.put(server + "stderr-lines-per-minute", "5");
        properties.put(server + "url", "http://127.0.0.1:9/base");
        properties.put(server + "endpoint", "/rpc");
        properties.put(server + "headers.Authorization", "Bearer t");
        properties.put(server + "connect-timeout", "2s");
        properties.put(server + "request-timeout", "45s");
        properties.put(server + "initialization-timeout", "50s");
        properties.put(server + "shutdown-timeout", "4s");
        properties.put(server + "allowed-tools", "echo,get-sum");
        properties.put(server + "denied-tools", "get-tiny-image");
        properties.put(server + "lazy-start", "true");
        McpComponentConfiguration configuration = new Binder(new MapConfigurationPropertySource(properties))
                .bind(PREFIX, Bindable.ofInstance(new McpComponentConfiguration())).get();
        McpServerProperties bound = configuration.getServers().get("s1");
        assertEquals(binderOptions, new TreeSet<>(bound.options().keySet()),
                "McpServerProperties vs the component's McpServerPropertiesBinder options");

        McpServerDefinition definition = McpComponentAutoConfiguration.definition("s1", bound);
        assertEquals(McpTransportType.stdio, definition.getTransport());
        assertEquals("node", definition.getCommand());
        assertEquals(List.of("server.js", "stdio"), definition.getArgs());
        assertEquals(Map.of("MCP_TOKEN", "secret-token"), definition.getEnv());
        assertEquals(List.of("PATH"), definition.getInheritEnv());
        assertEquals("/tmp", definition.getWorkingDir());
        assertEquals(5, definition.getStderrLinesPerMinute());
        assertEquals("http://127.0.0.1:9/base", definition.getUrl());
        assertEquals("/rpc", definition.getEndpoint());
        assertEquals(Map.of("Authorization", "Bearer t"), definition.getHeaders());
        assertEquals(2000, definition.getConnectTimeout());
        assertEquals(45000, definition.getRequestTimeout());
        assertEquals(50000, definition.getInitializationTimeout());
        assertEquals(4000, definition.getShutdownTimeout());
        assertEquals(List.of("echo", "get-sum"), definition.getAllowedTools());
        assertEquals(List.of("get-tiny-image"), definition.getDeniedTools());
        assertTrue(definition.isLazyStart());
    }

    @Test
    void misspelledServerOptionFailsStartUp() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(PREFIX + ".servers.s1.command", "node")
                .withProperty(PREFIX + ".servers.s1.allowed-tool", "echo");
        BindException error = assertThrows(BindException.class,
                () -> McpComponentAutoConfiguration.rejectUnknownServerOptions(environment));
        assertTrue(String.valueOf(error.getCause()).contains("servers.s1.allowed-tool"), String.valueOf(error.getCause()));
    }

    /** {property value, the value the component then reports}: never the default, so a dropped option shows. */
    static String[] sample(JsonNode model) {
        String type = model.get("type").asText();
        JsonNode defaultValue = model.get("defaultValue");
        return switch (type) {
            case "boolean" -> {
                String flipped = String.valueOf(defaultValue == null || !defaultValue.asBoolean());
                yield new String[] { flipped, flipped };
            }
            case "integer" -> new String[] { "3", "3" };
            case "duration" -> new String[] { "7s", "7000" };
            case "string" -> new String[] { "value-of-" + model.get("displayName").asText().replace(' ', '-'),
                    "value-of-" + model.get("displayName").asText().replace(' ', '-') };
            case "enum" -> {
                JsonNode values = model.get("enum");
                String last = values.get(values.size() - 1).asText();
                yield new String[] { last, last };
            }
            default -> throw new AssertionError("no sample for option type " + type + ": extend the test");
        };
    }

    static String kebab(String name) {
        return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
