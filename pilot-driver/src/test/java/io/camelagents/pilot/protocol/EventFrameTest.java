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

class EventFrameTest {
    private static final int LIMIT = 64 * 1024;

    private static byte[] encode(EventFrame... frames) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (EventFrame f : frames) {
            f.writeTo(out);
        }
        return out.toByteArray();
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /** A frame header: topic length, topic bytes, announced payload length (no payload). */
    private static byte[] header(byte[] topic, long payloadLength) {
        return ByteBuffer.allocate(2 + topic.length + 4).putShort((short) topic.length).put(topic).putInt((int) payloadLength).array();
    }

    @Test
    void framesRoundTripBackToBackThenEndCleanly() throws Exception {
        byte[] payload = "findings: 3 papers".getBytes(StandardCharsets.UTF_8);
        byte[] wire = encode(new EventFrame("research.*", new byte[0]), new EventFrame("research.completed", payload),
                new EventFrame("größe.ä", new byte[] {0, (byte) 0xFF}));
        InputStream in = in(wire);
        EventFrame subscribe = EventFrame.readFrom(in, LIMIT);
        assertEquals("research.*", subscribe.topic());
        assertEquals(0, subscribe.payload().length);
        EventFrame event = EventFrame.readFrom(in, LIMIT);
        assertEquals("research.completed", event.topic());
        assertArrayEquals(payload, event.payload());
        EventFrame unicode = EventFrame.readFrom(in, LIMIT);
        assertEquals("größe.ä", unicode.topic());
        assertArrayEquals(new byte[] {0, (byte) 0xFF}, unicode.payload());
        assertNull(EventFrame.readFrom(in, LIMIT), "clean end of stream between frames");
    }

    @Test
    void wireFormatIsTopicLengthTopicPayloadLengthPayload() throws Exception {
        byte[] wire = encode(new EventFrame("t", new byte[] {9, 8}));
        assertArrayEquals(new byte[] {0, 1, 't', 0, 0, 0, 2, 9, 8}, wire);
    }

    @Test
    void limitsAreInclusive() throws Exception {
        String topic = "x".repeat(EventFrame.MAX_TOPIC_BYTES);
        EventFrame f = EventFrame.readFrom(in(encode(new EventFrame(topic, new byte[LIMIT]))), LIMIT);
        assertEquals(topic, f.topic());
        assertEquals(LIMIT, f.payload().length);
    }

    @Test
    void everyTruncationInsideAFrameIsAnEndOfStreamError() throws Exception {
        byte[] wire = encode(new EventFrame("research.completed", "payload".getBytes(StandardCharsets.UTF_8)));
        for (int cut = 1; cut < wire.length; cut++) {
            byte[] part = Arrays.copyOf(wire, cut);
            assertThrows(EOFException.class, () -> EventFrame.readFrom(in(part), LIMIT), "cut after " + cut + " bytes");
        }
    }

    @Test
    void eventOverTheCallersLimitIsDrainedAndSkippedAndTheStreamGoesOn() throws Exception {
        byte[] wire = encode(new EventFrame("t", new byte[LIMIT + 1]), new EventFrame("next", new byte[] {1}));
        InputStream in = in(wire);
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventFrame.readFrom(in, LIMIT));
        assertTrue(e.getMessage().contains("over the limit of " + LIMIT), e.getMessage());
        assertEquals("next", EventFrame.readFrom(in, LIMIT).topic(), "the skipped frame was consumed exactly");

        // draining a 4 MiB payload keeps only a small chunk
        byte[] big = encode(new EventFrame("t", new byte[4 * 1024 * 1024]));
        long allocated = ThreadAllocation.measure(() -> EventFrame.readFrom(in(big), LIMIT));
        assertTrue(allocated < 256 * 1024, "skipping a 4 MiB event allocated " + allocated + " bytes");
        // an announcement without the bytes is cut short, not allocated
        assertThrows(EOFException.class, () -> EventFrame.readFrom(in(header("t".getBytes(StandardCharsets.UTF_8), LIMIT + 1)), LIMIT));
    }

    @Test
    void theBrokersLimitAppliesEvenWhenTheCallerAllowsMore() throws Exception {
        byte[] header = header("t".getBytes(StandardCharsets.UTF_8), EventFrame.MAX_PAYLOAD_BYTES + 1L);
        assertThrows(MalformedFrameException.class, () -> EventFrame.readFrom(in(header), Integer.MAX_VALUE));
        long allocated = ThreadAllocation.measure(() -> EventFrame.readFrom(in(header), Integer.MAX_VALUE));
        assertTrue(allocated < 1024 * 1024, "refusing a payload over the brokers' limit allocated " + allocated + " bytes");
    }

    @Test
    void topicLengthOutsideItsRangeIsMalformed() {
        assertThrows(MalformedFrameException.class, () -> EventFrame.readFrom(in(new byte[] {0, 0, 0, 0, 0, 0}), LIMIT));
        byte[] tooLong = ByteBuffer.allocate(2).putShort((short) (EventFrame.MAX_TOPIC_BYTES + 1)).array();
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> EventFrame.readFrom(in(tooLong), LIMIT));
        assertTrue(e.getMessage().contains("1025"), e.getMessage());
    }

    @Test
    void topicThatIsNotUtf8OrHasControlCharactersIsSkippedAndTheStreamGoesOn() throws Exception {
        String[] controls = {"a\u0000b", "x.\r\n", "x.\u001b[2J", "x.\t", "x.\u007f", "x.\u0085", "x.\u202e", "x.\u2066", "x.\u200f",
            "x.\u061c"};
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(header(new byte[] {'a', (byte) 0xC3, '('}, 2));
        wire.write(new byte[] {7, 7});
        for (String topic : controls) {
            wire.write(header(topic.getBytes(StandardCharsets.UTF_8), 3));
            wire.write(new byte[] {1, 2, 3});
        }
        wire.write(encode(new EventFrame("ok", new byte[] {9})));
        InputStream in = in(wire.toByteArray());
        InvalidEventException notUtf8 = assertThrows(InvalidEventException.class, () -> EventFrame.readFrom(in, LIMIT));
        assertTrue(notUtf8.getMessage().contains("not valid UTF-8"), notUtf8.getMessage());
        for (String topic : controls) {
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventFrame.readFrom(in, LIMIT), topic);
            assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 || SafeText.isControl(c)), "the message is safe to log: " + e.getMessage());
        }
        EventFrame ok = EventFrame.readFrom(in, LIMIT);
        assertEquals("ok", ok.topic());
        assertArrayEquals(new byte[] {9}, ok.payload());
    }

    @Test
    void framesThatCannotBeSentAreRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new EventFrame("", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new EventFrame(null, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new EventFrame("a\0b", new byte[0]));
        for (String topic : new String[] {"x.\r\n", "x.\u001b[2J", "x.\u007f", "x.\u009b", "x.\u202e", "x.\u2069", "x.\u200e"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventFrame.checkTopic(topic));
            assertTrue(e.getMessage().contains("control character U+"), e.getMessage());
        }
        assertEquals("größe.ä.日本", EventFrame.checkTopic("größe.ä.日本"), "other Unicode is fine");
        // 342 three-byte characters: 1026 bytes although only 342 chars
        assertThrows(IllegalArgumentException.class, () -> new EventFrame("€".repeat(342), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new EventFrame("t", new byte[EventFrame.MAX_PAYLOAD_BYTES + 1]));
    }
}
