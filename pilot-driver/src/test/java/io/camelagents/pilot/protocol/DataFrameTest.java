package io.camelagents.pilot.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DataFrameTest {
    private static final int LIMIT = 64 * 1024;

    private static byte[] encode(DataFrame... frames) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DataFrame f : frames) {
            f.writeTo(out);
        }
        return out.toByteArray();
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /** type u32 + length u32 + payload */
    private static byte[] frame(long type, long length, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putInt((int) type).putInt((int) length).put(payload).array();
    }

    @Test
    void everyTypeRoundTripsBackToBackThenEndsCleanly() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xFF};
        byte[] wire = encode(DataFrame.text("hello from camel"), new DataFrame(DataFrame.Type.BINARY, null, bytes),
                new DataFrame(DataFrame.Type.JSON, null, "{\"q\":1}".getBytes(StandardCharsets.UTF_8)),
                new DataFrame(DataFrame.Type.FILE, "résumé.txt", bytes));
        InputStream in = in(wire);
        DataFrame text = DataFrame.readFrom(in, LIMIT);
        assertEquals(DataFrame.Type.TEXT, text.type());
        assertEquals("hello from camel", text.text());
        DataFrame binary = DataFrame.readFrom(in, LIMIT);
        assertEquals(DataFrame.Type.BINARY, binary.type());
        assertArrayEquals(bytes, binary.data());
        DataFrame json = DataFrame.readFrom(in, LIMIT);
        assertEquals(DataFrame.Type.JSON, json.type());
        assertEquals("{\"q\":1}", json.text());
        DataFrame file = DataFrame.readFrom(in, LIMIT);
        assertEquals(DataFrame.Type.FILE, file.type());
        assertEquals("résumé.txt", file.filename());
        assertArrayEquals(bytes, file.data());
        assertNull(DataFrame.readFrom(in, LIMIT), "clean end of stream between frames");
    }

    @Test
    void wireFormatIsTypeLengthPayloadAndFilesCarryTheirName() throws Exception {
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0, 0, 0, 2, 'h', 'i'}, encode(DataFrame.text("hi")));
        assertArrayEquals(new byte[] {0, 0, 0, 4, 0, 0, 0, 5, 0, 2, 'a', 'b', 7},
                encode(new DataFrame(DataFrame.Type.FILE, "ab", new byte[] {7})));
    }

    @Test
    void everyTruncationInsideAFrameIsAnEndOfStreamError() throws Exception {
        byte[] wire = encode(new DataFrame(DataFrame.Type.FILE, "report.txt", "file-bytes".getBytes(StandardCharsets.UTF_8)));
        for (int cut = 1; cut < wire.length; cut++) {
            byte[] part = Arrays.copyOf(wire, cut);
            assertThrows(EOFException.class, () -> DataFrame.readFrom(in(part), LIMIT), "cut after " + cut + " bytes");
        }
    }

    @Test
    void unknownTypesAreMalformed() {
        for (long type : new long[] {0, 5, 0x7F, 0xFFFFFFFFL}) {
            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                    () -> DataFrame.readFrom(in(frame(type, 0, new byte[0])), LIMIT));
            assertTrue(e.getMessage().contains("type " + type), e.getMessage());
        }
    }

    @Test
    void lengthOverTheLimitIsRefusedBeforeAllocating() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> DataFrame.readFrom(in(frame(1, LIMIT + 1, new byte[0])), LIMIT));
        assertTrue(e.getMessage().contains("exceeds the limit of " + LIMIT), e.getMessage());
        assertThrows(MalformedFrameException.class, () -> DataFrame.readFrom(in(frame(2, 0xFFFFFFFFL, new byte[0])), LIMIT));

        long allocated = ThreadAllocation.measure(() -> DataFrame.readFrom(in(frame(2, 0x7FFFFFFFL, new byte[0])), LIMIT));
        assertTrue(allocated < 1024 * 1024, "refusing a 2 GiB announcement allocated " + allocated + " bytes");
    }

    @Test
    void fileFramesWithABrokenNameAreMalformed() {
        // shorter than the name length field
        assertThrows(MalformedFrameException.class, () -> DataFrame.readFrom(in(frame(4, 1, new byte[] {0})), LIMIT));
        // name length beyond the frame
        assertThrows(MalformedFrameException.class, () -> DataFrame.readFrom(in(frame(4, 3, new byte[] {0, 9, 'a'})), LIMIT));
        // empty name, a directory, a parent reference
        assertThrows(MalformedFrameException.class, () -> DataFrame.readFrom(in(frame(4, 3, new byte[] {0, 0, 'x'})), LIMIT));
        byte[] traversal = ByteBuffer.allocate(2 + 9).putShort((short) 9).put("../passwd".getBytes(StandardCharsets.UTF_8)).array();
        assertThrows(MalformedFrameException.class, () -> DataFrame.readFrom(in(frame(4, traversal.length, traversal)), LIMIT));
        byte[] dotDot = {0, 2, '.', '.'};
        assertThrows(MalformedFrameException.class, () -> DataFrame.readFrom(in(frame(4, dotDot.length, dotDot)), LIMIT));
    }

    @Test
    void framesThatCannotBeSentAreRefusedWhenBuiltOrWritten() {
        assertThrows(IllegalArgumentException.class, () -> new DataFrame(DataFrame.Type.FILE, null, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new DataFrame(DataFrame.Type.FILE, "a/b", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new DataFrame(DataFrame.Type.FILE, "a\\b", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new DataFrame(DataFrame.Type.FILE, ".", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new DataFrame(DataFrame.Type.FILE, "n".repeat(256), new byte[0]));
        DataFrame big = new DataFrame(DataFrame.Type.FILE, "big.bin", new byte[DataFrame.MAX_FRAME_BYTES]);
        assertThrows(IllegalArgumentException.class, () -> big.writeTo(new ByteArrayOutputStream()),
                "the name counts towards the frame limit");
    }
}
