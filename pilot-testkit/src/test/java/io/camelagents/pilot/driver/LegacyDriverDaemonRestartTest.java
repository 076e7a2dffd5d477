package io.camelagents.pilot.driver;

import io.camelagents.pilot.testkit.PilotGeneration;
import io.camelagents.pilot.testkit.PilotNetwork;

/** {@link DriverDaemonRestartTest} on daemons of the older generation. */
@PilotNetwork(nodes = 2, hostnamePrefix = "orst", generation = PilotGeneration.LEGACY)
class LegacyDriverDaemonRestartTest extends DriverDaemonRestartTest {
}
