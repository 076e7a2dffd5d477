package io.camelagents.pilot.driver;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The daemon's Info reply: identity, plus {@code details} with every field as the daemon sent it (stats, peers,
 * connections; JSON objects as maps, arrays as lists).
 */
public record NodeInfo(long nodeId, PilotAddress address, String hostname, String version, Set<String> features,
        Map<String, Object> details) {

    static NodeInfo from(JsonNode json) {
        Set<String> features = new LinkedHashSet<>();
        JsonNode f = json.path("features");
        if (f.isArray()) {
            f.forEach(n -> features.add(n.asText()));
        } else if (f.isObject()) {
            f.fieldNames().forEachRemaining(name -> {
                if (f.get(name).asBoolean(true)) {
                    features.add(name);
                }
            });
        }
        String addressText = json.path("address").asText("");
        long nodeId = json.path("node_id").asLong(0);
        PilotAddress address = PilotAddress.isAddress(addressText) ? PilotAddress.parse(addressText) : PilotAddress.ofNode(nodeId);
        String version = json.hasNonNull("version") ? json.get("version").asText() : null;
        return new NodeInfo(nodeId, address, json.path("hostname").asText(""), version, Set.copyOf(features),
                PilotDriver.details(json));
    }

    /**
     * NEWEST when the daemon reports a feature list; else V1_2_2. Older daemons from the PyPI wheels (0.1.x, 1.7.x)
     * report a {@code version} ("dev") but no features and still run the task service: they are treated like
     * v1.2.2, so no command they may lack is ever sent.
     */
    public DaemonGeneration generation() {
        return details.containsKey("features") ? DaemonGeneration.NEWEST : DaemonGeneration.V1_2_2;
    }
}
