package io.camelagents.pilot.driver;

import io.camelagents.pilot.testkit.PilotNetwork;

/** The driver against two real newest-generation daemons. */
@PilotNetwork(nodes = 2, hostnamePrefix = "drv")
class DriverIntegrationTest extends AbstractDriverIntegrationTest {
    @Override
    DaemonGeneration expectedGeneration() {
        return DaemonGeneration.NEWEST;
    }
}
