package io.camelagents.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each Kamelet on the classpath (kamelets/NAME.kamelet.yaml): the catalog fields a Kamelet catalog and tools read
 * (type label, annotations, JSON-schema with title/description/type per property, required list), dependencies that
 * name this build's version, and Camel loads it as a route template whose required parameters are the schema's.
 */
class KameletDefinitionsTest {
    private static final String VERSION = System.getProperty("project.version");

    @ParameterizedTest
    @CsvSource({
        "pilot-events-source, source, camel-pilot-component, topic",
        "pilot-events-sink, sink, camel-pilot-component, ''",
        "pilot-task-source, source, camel-pilot-component, ''",
        "pilot-task-action, action, camel-pilot-component, peer",
        "mcp-tool-action, action, camel-mcp-component, server toolName",
    })
    @SuppressWarnings("unchecked")
    void kameletDefinitionIsComplete(String name, String type, String component, String required) throws Exception {
        assertNotNull(VERSION, "surefire passes project.version");
        Map<String, Object> kamelet;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("kamelets/" + name + ".kamelet.yaml")) {
            assertNotNull(in, "kamelets/" + name + ".kamelet.yaml on the classpath");
            kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("camel.apache.org/v1", kamelet.get("apiVersion"));
        assertEquals("Kamelet", kamelet.get("kind"));
        Map<String, Object> metadata = (Map<String, Object>) kamelet.get("metadata");
        assertEquals(name, metadata.get("name"));
        assertEquals(type, ((Map<String, Object>) metadata.get("labels")).get("camel.apache.org/kamelet.type"));
        Map<String, Object> annotations = (Map<String, Object>) metadata.get("annotations");
        assertEquals(VERSION, annotations.get("camel.apache.org/catalog.version"));
        assertEquals("Camel Agents", annotations.get("camel.apache.org/provider"));
        assertNotNull(annotations.get("camel.apache.org/kamelet.support.level"));

        Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
        Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
        assertFalse(((String) definition.get("title")).isBlank());
        assertTrue(((String) definition.get("description")).length() > 40, "a real description");
        List<String> requiredList = definition.get("required") == null ? List.of() : (List<String>) definition.get("required");
        assertEquals(required.isBlank() ? List.of() : List.of(required.split(" ")), requiredList);
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
        assertTrue(properties.keySet().containsAll(requiredList));
        for (var p : properties.entrySet()) {
            for (String field : List.of("title", "description", "type")) {
                assertNotNull(p.getValue().get(field), name + "." + p.getKey() + " has a " + field);
            }
            assertFalse(requiredList.contains(p.getKey()) && p.getValue().containsKey("default"),
                    name + "." + p.getKey() + ": required properties have no default");
            assertTrue(Set.of("string", "integer", "boolean").contains(p.getValue().get("type")), name + "." + p.getKey());
        }
        assertEquals(List.of("camel:kamelet", "mvn:io.camelagents:" + component + ":" + VERSION), spec.get("dependencies"));

        // Camel reads the same file as a route template: required = the schema's required list, defaults carried over
        CamelContext context = new DefaultCamelContext();
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getResourceLoader(context).resolveResource("classpath:kamelets/" + name + ".kamelet.yaml"));
            RouteTemplateDefinition template = ((ModelCamelContext) context).getRouteTemplateDefinition(name);
            assertNotNull(template, name + " loads as a route template");
            Map<String, String> parameters = new TreeMap<>();
            for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
                parameters.put(p.getName(), p.isRequired() + "|" + p.getDefaultValue());
            }
            for (var p : properties.entrySet()) {
                Object def = p.getValue().get("default");
                assertEquals(requiredList.contains(p.getKey()) + "|" + (def == null ? null : def.toString()), parameters.get(p.getKey()),
                        name + "." + p.getKey());
            }
        } finally {
            context.close();
        }
    }
}
