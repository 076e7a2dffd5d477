package io.camelagents.mcp.config;

import java.util.Map;

import io.camelagents.mcp.McpServerDefinition;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;

/**
 * Lets Camel's property binding (camel-main, YAML, Spring Boot style) reach into the component's {@code servers}
 * map with dotted keys: {@code camel.component.mcp.servers.github.command=npx}. Camel walks such keys part by part
 * and asks the configurer of the map's value type for each part; here a server name creates its definition on
 * first use, and options go through {@link McpServerPropertiesBinder} (comma lists, durations, kebab-case).
 * Registered in META-INF/services/org/apache/camel/configurer/io.camelagents.mcp.McpServerDefinition.
 */
public class McpServerDefinitionConfigurer implements PropertyConfigurer, PropertyConfigurerGetter {

    @Override
    public boolean configure(CamelContext camelContext, Object target, String name, Object value, boolean ignoreCase) {
        if (target instanceof McpServerDefinition definition) {
            McpServerPropertiesBinder.applyOption(definition.getName(), definition, name, value);
            return true;
        }
        return false;
    }

    @Override
    public Object getOptionValue(Object target, String name, boolean ignoreCase) {
        if (target instanceof Map<?, ?> servers) {
            // Walking servers.<name>: the definition of that server, created when first named.
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) servers;
            return map.computeIfAbsent(name, McpServerDefinitionConfigurer::newDefinition);
        }
        if (target instanceof McpServerDefinition definition) {
            String option = name.toLowerCase(java.util.Locale.ROOT);
            if (option.equals("env")) {
                return definition.getEnv();
            }
            if (option.equals("headers")) {
                return definition.getHeaders();
            }
        }
        return null;
    }

    @Override
    public Class<?> getOptionType(String name, boolean ignoreCase) {
        String option = name.toLowerCase(java.util.Locale.ROOT);
        return option.equals("env") || option.equals("headers") ? Map.class : null;
    }

    private static McpServerDefinition newDefinition(String name) {
        McpServerDefinition definition = new McpServerDefinition();
        definition.setName(name);
        return definition;
    }
}
