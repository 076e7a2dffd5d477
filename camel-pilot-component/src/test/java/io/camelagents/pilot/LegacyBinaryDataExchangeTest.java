package io.camelagents.pilot;

import java.nio.charset.StandardCharsets;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotGeneration;
import io.camelagents.pilot.testkit.PilotNetwork;
import org.junit.jupiter.api.Test;

/**
 * Binary data exchange on the older generation, whose daemons (like v1.2.2) keep a binary message's bytes as-is in
 * the inbox's {@code data}: base64-looking text must arrive as sent, not decoded.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "binold", generation = PilotGeneration.LEGACY)
class LegacyBinaryDataExchangeTest extends AbstractBinaryDataExchangeTest {
    @Test
    void base64LookingTextIsNotDecoded(LocalPilotNetwork network) throws Exception {
        // these daemons keep the bytes in a JSON string: only UTF-8 survives them, so that is what we send
        assertDelivered(network, BASE64_LOOKING, "raw bytes \u00e9".getBytes(StandardCharsets.UTF_8));
    }
}
