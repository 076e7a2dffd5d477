package io.camelagents.pilot.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void everyPluginReportsTheBuildsVersion() {
        String v = Version.get();
        assertNotEquals("unknown", v);
        assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), v);
        assertEquals(v, new PilotEventsSourceConnector().version());
        assertEquals(v, new PilotEventsSinkConnector().version());
        assertEquals(v, new PilotEventsSourceTask().version());
        assertEquals(v, new PilotEventsSinkTask().version());
    }
}
