package io.camelagents.pilot.driver;

import java.util.Map;

/** The registry's answer to a hostname lookup; {@code details} holds every field of the reply. */
public record ResolvedHostname(String hostname, long nodeId, PilotAddress address, boolean isPublic,
        Map<String, Object> details) {
}
