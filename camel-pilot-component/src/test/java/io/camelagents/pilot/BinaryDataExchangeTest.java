package io.camelagents.pilot;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import org.junit.jupiter.api.Test;

/** Binary data exchange on the newest generation: any bytes, marked as encoded by the daemon. */
@PilotNetwork(nodes = 2, hostnamePrefix = "bin")
class BinaryDataExchangeTest extends AbstractBinaryDataExchangeTest {
    @Test
    void binaryMessagesArriveByteForByte(LocalPilotNetwork network) throws Exception {
        byte[] notUtf8 = { 0, 1, (byte) 0xFE, (byte) 0xFF, 'A' };
        assertDelivered(network, BASE64_LOOKING, notUtf8);
    }
}
