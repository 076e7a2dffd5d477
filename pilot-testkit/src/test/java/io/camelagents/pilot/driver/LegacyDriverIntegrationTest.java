package io.camelagents.pilot.driver;

import io.camelagents.pilot.testkit.PilotGeneration;
import io.camelagents.pilot.testkit.PilotNetwork;

/** The driver against two real daemons of the older generation (daemon-owned task service, no Info features). */
@PilotNetwork(nodes = 2, hostnamePrefix = "old", generation = PilotGeneration.LEGACY)
class LegacyDriverIntegrationTest extends AbstractDriverIntegrationTest {
    @Override
    DaemonGeneration expectedGeneration() {
        return DaemonGeneration.V1_2_2;
    }
}
