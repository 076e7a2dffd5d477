package io.camelagents.pilot.driver;

import com.fasterxml.jackson.databind.JsonNode;

/** The registry's answer to a hostname lookup. */
public record ResolvedHostname(String hostname, long nodeId, PilotAddress address, boolean isPublic, JsonNode raw) {
}
