package io.camelagents.pilot.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

class FrameIOTest {

    private static InputStream bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return new ByteArrayInputStream(b);
    }

    /** Hands out at most one byte per read call, as a slow network does. */
    private static InputStream oneByteAtATime(byte[] data) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void readExactlyCollectsShortReads() throws Exception {
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, FrameIO.readExactly(oneByteAtATime(new byte[] {1, 2, 3, 4, 5, 6}), 5, "x"));
        assertArrayEquals(new byte[0], FrameIO.readExactly(bytes(), 0, "nothing"));
    }

    @Test
    void readExactlyNamesWhatWasCutShort() {
        EOFException e = assertThrows(EOFException.class, () -> FrameIO.readExactly(bytes(1, 2, 3), 5, "the payload"));
        assertTrue(e.getMessage().contains("the payload") && e.getMessage().contains("3 of 5"), e.getMessage());
    }

    @Test
    void readExactlyGrowsWithTheBytesThatArriveNotWithTheAnnouncedLength() throws Exception {
        byte[] big = new byte[3 * FrameIO.INITIAL_CHUNK + 5];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        assertArrayEquals(big, FrameIO.readExactly(new ByteArrayInputStream(big), big.length, "x"), "content survives the growth");

        // a peer announces 16 MiB and sends 10 bytes before the stream ends
        int announced = 16 * 1024 * 1024;
        long allocated = ThreadAllocation.measure(() -> FrameIO.readExactly(new ByteArrayInputStream(new byte[10]), announced, "the payload"));
        assertTrue(allocated < 4 * FrameIO.INITIAL_CHUNK, "16 MiB announced, 10 bytes sent: allocated " + allocated + " bytes");
        EOFException e = assertThrows(EOFException.class,
                () -> FrameIO.readExactly(new ByteArrayInputStream(new byte[10]), announced, "the payload"));
        assertTrue(e.getMessage().contains("10 of " + announced), e.getMessage());
    }

    @Test
    void skipExactlyDrainsThroughASmallBuffer() throws Exception {
        InputStream in = new ByteArrayInputStream(new byte[2 * 1024 * 1024 + 3]);
        long allocated = ThreadAllocation.measure(() -> {
            in.reset();
            FrameIO.skipExactly(in, 2 * 1024 * 1024, "the payload");
        });
        assertEquals(3, in.available(), "exactly the announced bytes were consumed");
        assertTrue(allocated < 64 * 1024, "skipping 2 MiB allocated " + allocated + " bytes");
        EOFException e = assertThrows(EOFException.class, () -> FrameIO.skipExactly(bytes(1, 2, 3), 5, "the payload"));
        assertTrue(e.getMessage().contains("the payload") && e.getMessage().contains("3 of 5"), e.getMessage());
    }

    @Test
    void unsignedIntegersAreBigEndianAndUnsigned() throws Exception {
        assertEquals(0x01020304L, FrameIO.readU32OrEnd(bytes(1, 2, 3, 4), "u32"));
        assertEquals(0xFFFFFFFFL, FrameIO.readU32(bytes(0xFF, 0xFF, 0xFF, 0xFF), "u32"));
        assertEquals(0x0102, FrameIO.readU16OrEnd(bytes(1, 2), "u16"));
        assertEquals(0xFFFF, FrameIO.readU16OrEnd(bytes(0xFF, 0xFF), "u16"));
        assertEquals(0x0102, FrameIO.readU16OrEnd(oneByteAtATime(new byte[] {1, 2}), "u16"));
    }

    @Test
    void cleanEndBeforeTheFirstByteIsNotAnError() throws Exception {
        assertEquals(-1, FrameIO.readU32OrEnd(bytes(), "u32"));
        assertEquals(-1, FrameIO.readU16OrEnd(bytes(), "u16"));
    }

    @Test
    void endInsideANumberOrWhereOneIsRequiredIsAnError() {
        assertThrows(EOFException.class, () -> FrameIO.readU32OrEnd(bytes(1, 2), "u32"));
        assertThrows(EOFException.class, () -> FrameIO.readU16OrEnd(bytes(1), "u16"));
        EOFException e = assertThrows(EOFException.class, () -> FrameIO.readU32(bytes(), "the length"));
        assertTrue(e.getMessage().contains("the length"), e.getMessage());
    }
}
