package io.camelagents.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The URI a bridge template's configurer resolves must be the one Camel resolves for the route: same rules. */
class KameletsInTemplatesTest {
    static final String URI = "kamelet:pilot-events-source?noErrorHandler=true&topic={{pilotTopic}}&broker={{?pilotBroker}}&socketPath={{?socketPath}}";

    @Test
    void requiredPlaceholdersAreFilledAndUnsetOptionalOptionsDropped() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("pilotTopic", "research.*");
        parameters.put("socketPath", "/tmp/a b/pilot.sock");
        assertEquals("kamelet:pilot-events-source?noErrorHandler=true&topic=research.*&socketPath=/tmp/a b/pilot.sock",
                KameletsInTemplates.resolve(URI, parameters));
        parameters.put("pilotBroker", "0:0000.0000.0005");
        parameters.remove("socketPath");
        assertEquals("kamelet:pilot-events-source?noErrorHandler=true&topic=research.*&broker=0:0000.0000.0005",
                KameletsInTemplates.resolve(URI, parameters));
        // a value holding a property placeholder is left for Camel to resolve
        parameters.put("pilotTopic", "{{agent.topic}}");
        assertEquals("kamelet:pilot-events-source?noErrorHandler=true&topic={{agent.topic}}&broker=0:0000.0000.0005",
                KameletsInTemplates.resolve(URI, parameters));
    }

    @Test
    void bridgeKameletUrisCarryAPerInstanceRouteIdAndNoErrorHandler() {
        assertEquals("kamelet:pilot-events-sink/{{camelagents.kamelet.pilot-events-sink}}?noErrorHandler=true&topic={{?pilotTopic}}",
                KameletsInTemplates.uri("pilot-events-sink", "topic={{?pilotTopic}}"));
    }

    @Test
    void aMissingRequiredParameterIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KameletsInTemplates.resolve(URI, Map.of()));
        assertEquals(true, e.getMessage().contains("pilotTopic"), e.getMessage());
    }
}
