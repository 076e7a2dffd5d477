package io.camelagents.pilot.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelagents.pilot.connect.it.cluster.ConnectRestClient;
import io.camelagents.pilot.testkit.PilotNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bad Pilot address is caught by the worker's own validation ({@code PUT /connector-plugins/<class>/config/validate})
 * with a message that names the key and the value, and creating such a connector is refused; a good config
 * validates clean.
 */
@ExtendWith(ConnectItExtension.class)
class ConfigValidationIT {
    static final String NOT_AN_ADDRESS = "is not a Pilot address";

    @Test
    void aBadAddressIsRejectedWithItsMessage(ConnectItEnvironment env) {
        env.ensureWorkers();
        PilotNode a = env.workerNode();
        ConnectRestClient rest = env.connect.rest();

        Map<String, String> source = Connectors.source(a, "0:0000.0000", "research.*", "it.validate", 1);
        source.put("name", "validate-source"); // validate wants the whole config, name included
        JsonNode answer = rest.validate(Connectors.SOURCE_CLASS, source);
        assertTrue(answer.path("error_count").asInt() > 0, "source with a bad address: " + errors(answer));
        List<String> errors = errors(answer, "pilot.brokers");
        assertTrue(errors.stream().anyMatch(e -> e.contains(NOT_AN_ADDRESS) && e.contains("0:0000.0000")),
                "pilot.brokers errors: " + errors);

        // the network number and its hex form disagree: 7 vs 0001
        Map<String, String> sink = Connectors.sink(a, "7:0001.0000.0005", "it.validate", 1);
        sink.put("name", "validate-bad-sink");
        answer = rest.validate(Connectors.SINK_CLASS, sink);
        assertTrue(answer.path("error_count").asInt() > 0, "sink with a bad address: " + errors(answer));
        errors = errors(answer, "pilot.broker");
        assertTrue(errors.stream().anyMatch(e -> e.contains(NOT_AN_ADDRESS) && e.contains("7:0001.0000.0005")),
                "pilot.broker errors: " + errors);

        // creating it is refused with the same text
        ConnectRestClient.RestException refused = assertThrows(ConnectRestClient.RestException.class,
                () -> rest.putConnectorConfig("validate-bad-sink", sink));
        assertEquals(400, refused.status(), refused.getMessage());
        assertTrue(refused.body().contains(NOT_AN_ADDRESS), refused.body());
        assertEquals(404, rest.connectorStatus("validate-bad-sink").status(), "no connector was created");

        // the same configs with a real address validate clean
        source.put("pilot.brokers", a.address());
        sink.put("pilot.broker", a.address());
        JsonNode goodSource = rest.validate(Connectors.SOURCE_CLASS, source);
        assertEquals(0, goodSource.path("error_count").asInt(), () -> "good source: " + errors(goodSource));
        JsonNode goodSink = rest.validate(Connectors.SINK_CLASS, sink);
        assertEquals(0, goodSink.path("error_count").asInt(), () -> "good sink: " + errors(goodSink));
    }

    /** Every key with errors and its messages (the full answer is pages of definitions). */
    static Map<String, List<String>> errors(JsonNode answer) {
        Map<String, List<String>> all = new java.util.TreeMap<>();
        for (JsonNode c : answer.path("configs")) {
            List<String> errors = new ArrayList<>();
            c.path("value").path("errors").forEach(e -> errors.add(e.asText()));
            if (!errors.isEmpty()) {
                all.put(c.path("value").path("name").asText(), errors);
            }
        }
        return all;
    }

    /** The validation errors Connect reports for one key. */
    static List<String> errors(JsonNode answer, String key) {
        List<String> errors = new ArrayList<>();
        for (JsonNode c : answer.path("configs")) {
            if (key.equals(c.path("value").path("name").asText())) {
                c.path("value").path("errors").forEach(e -> errors.add(e.asText()));
            }
        }
        return errors;
    }
}
