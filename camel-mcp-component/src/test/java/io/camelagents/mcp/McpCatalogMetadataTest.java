package io.camelagents.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What Camel tooling reads from the jar: component.properties, the component JSON, and the generated doc page. */
class McpCatalogMetadataTest {

    @Test
    void componentPropertiesNameTheComponentAndItsCoordinates() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/org/apache/camel/component.properties")) {
            assertNotNull(in, "component.properties is missing from the jar");
            properties.load(in);
        }
        assertEquals("mcp", properties.getProperty("components"));
        assertEquals("io.camelagents", properties.getProperty("groupId"));
        assertEquals("camel-mcp-component", properties.getProperty("artifactId"));
        assertFalse(properties.getProperty("version", "").isBlank());
    }

    @Test
    void descriptionsArePlainTextAndTheDocPageListsEveryOption() throws Exception {
        JsonNode json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/camelagents/mcp/mcp.json")) {
            json = new ObjectMapper().readTree(in);
        }
        String description = json.get("component").get("description").asText();
        assertFalse(description.contains("{code") || description.contains("{@"), description);
        String page = Files.readString(Path.of("src/main/docs/mcp-component.adoc"), StandardCharsets.UTF_8);
        for (String section : new String[] {"componentProperties", "properties", "headers"}) {
            json.get(section).properties().forEach(option -> {
                assertFalse(option.getValue().path("description").asText().isBlank(), option.getKey() + " has no description");
                assertTrue(page.contains("| *" + option.getKey() + "*"), option.getKey() + " is missing from mcp-component.adoc");
            });
        }
    }
}
