package io.camelagents.pilot.springboot;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.PilotComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.convert.converter.GenericConverter.ConvertiblePair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every component option of the generated catalog (pilot.json, componentProperties) binds from
 * {@code camel.component.pilot.<kebab-name>} and reaches a real PilotComponent with the bound value. Fails when the
 * component gains, loses or retypes an option until starters/generate-starter-sources.py is run again.
 */
class PilotComponentOptionsDriftTest {

    private static final String PREFIX = "camel.component.pilot";

    @Test
    void everyCatalogOptionBindsAndReachesTheComponent() throws Exception {
        JsonNode options;
        try (InputStream in = PilotComponent.class.getResourceAsStream("/META-INF/io/camelagents/pilot/pilot.json")) {
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

        PilotComponentConfiguration configuration = new Binder(new MapConfigurationPropertySource(properties))
                .bind(PREFIX, Bindable.ofInstance(new PilotComponentConfiguration())).get();
        Map<String, Object> bound = configuration.options();
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(bound.keySet()),
                "options of PilotComponentConfiguration vs pilot.json: run python3 starters/generate-starter-sources.py");

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            PilotComponent component = camel.getComponent("pilot", PilotComponent.class);
            CamelPropertiesHelper.setCamelProperties(camel, component, bound, true);
            PropertyConfigurerGetter getter = (PropertyConfigurerGetter) component.getComponentPropertyConfigurer();
            expected.forEach((name, value) -> assertEquals(value,
                    String.valueOf(getter.getOptionValue(component, name, false)), "option " + name));
        }

        // Object options (a whole PilotConfiguration) take a bean reference: a property of that type plus a converter.
        Set<String> converted = new TreeSet<>();
        for (ConvertiblePair pair : new PilotComponentConverter().getConvertibleTypes()) {
            converted.add(pair.getTargetType().getName());
        }
        for (String name : objectOptions) {
            String javaType = options.get(name).get("javaType").asText();
            Class<?> type = PilotComponentConfiguration.class.getMethod("get" + Character.toUpperCase(name.charAt(0))
                    + name.substring(1)).getReturnType();
            assertEquals(javaType, type.getName(), "type of object option " + name);
            assertTrue(converted.contains(javaType), "no #bean: converter for " + name);
        }
        assertEquals(Set.of("configuration"), objectOptions);
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
        return name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }
}
