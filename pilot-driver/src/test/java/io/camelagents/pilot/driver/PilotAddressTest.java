package io.camelagents.pilot.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PilotAddressTest {

    @Test
    void formatsUpperCaseZeroPadded() {
        assertEquals("0:0000.0000.0005", PilotAddress.ofNode(5).toString());
        assertEquals("1:0001.00AB.CDEF", new PilotAddress(1, 0xABCDEFL).toString());
        assertEquals("65535:FFFF.FFFF.FFFF", new PilotAddress(65535, 0xFFFFFFFFL).toString());
    }

    @Test
    void parsesEitherCaseAndRoundTrips() {
        PilotAddress a = PilotAddress.parse("1:0001.00ab.cdef");
        assertEquals(1, a.network());
        assertEquals(0xABCDEFL, a.node());
        assertEquals(a, PilotAddress.parse(a.toString()));
        assertTrue(new PilotAddress(0, 0xFFFFFFFFL).isBroadcast());
    }

    @Test
    void wireFormatIsSixBigEndianBytes() {
        ByteBuffer b = ByteBuffer.allocate(6);
        new PilotAddress(0x0102, 0x03040506L).write(b);
        assertEquals("010203040506", java.util.HexFormat.of().formatHex(b.array()));
        b.flip();
        assertEquals(new PilotAddress(0x0102, 0x03040506L), PilotAddress.read(b));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty",
        "0000.0000.0005|exactly one ':'",
        "0:0000.0000|3 dot-separated groups",
        "0:0000.0000.00005|not 4 hex digits",
        "0:0000.00G0.0005|not 4 hex digits",
        "x:0000.0000.0005|not a decimal number",
        "70000:0000.0000.0005|does not fit in 16 bits",
        "1:0000.0000.0005|disagree",
        "0:0:0000.0000.0005|exactly one ':'"
    })
    void rejectsWithAMessageThatSaysWhatToFix(String text, String expected) {
        PilotAddressFormatException e = assertThrows(PilotAddressFormatException.class, () -> PilotAddress.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(PilotAddress.isAddress(text));
    }

    @Test
    void socketAddressSplitsAtTheLastColon() {
        PilotSocketAddress s = PilotSocketAddress.parse("0:0000.0000.0005:1002");
        assertEquals(PilotAddress.ofNode(5), s.address());
        assertEquals(1002, s.port());
        assertEquals("0:0000.0000.0005:1002", s.toString());
        assertTrue(assertThrows(PilotAddressFormatException.class, () -> PilotSocketAddress.parse("0:0000.0000.0005:70000"))
                .getMessage().contains("outside 0..65535"));
        assertTrue(assertThrows(PilotAddressFormatException.class, () -> PilotSocketAddress.parse("0:0000.0000.0005:"))
                .getMessage().contains("expected N:NNNN.HHHH.LLLL:port"));
        assertTrue(assertThrows(PilotAddressFormatException.class, () -> PilotSocketAddress.parse("0:0000.0000.0005:abc"))
                .getMessage().contains("not a decimal number"));
    }

    @Test
    void hostnames() {
        assertEquals("agent-a", PilotHostname.check("agent-a"));
        assertFalse(PilotHostname.isValid("Agent"));
        assertFalse(PilotHostname.isValid("-a"));
        assertFalse(PilotHostname.isValid("a".repeat(64)));
        assertTrue(assertThrows(PilotAddressFormatException.class, () -> PilotHostname.check("bad_name"))
                .getMessage().contains("lowercase letters"));
    }
}
