package io.camelagents.pilot.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Event-stream frame (port 1002): topic length u16 (at most 1024) + UTF-8 topic + payload length u32 + payload.
 * On a broker connection the first frame subscribes (its payload is ignored); every later frame publishes.
 */
public record EventFrame(String topic, byte[] payload) {
    public static final int EVENT_STREAM_PORT = 1002;
    public static final int MAX_TOPIC_BYTES = 1024;
    /** The brokers accept up to 16 MiB. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    public EventFrame {
        checkTopic(topic);
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("event payload of " + payload.length + " bytes exceeds the broker limit of "
                    + MAX_PAYLOAD_BYTES);
        }
    }

    /**
     * Validates a topic for sending: non-empty UTF-8 of at most 1024 bytes, without NUL (reserved by the daemon) or
     * other {@linkplain SafeText#isControl control characters} (subscribers skip such events).
     */
    public static String checkTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("event topic must not be empty");
        }
        String problem = topicProblem(topic);
        if (problem != null) {
            throw new IllegalArgumentException("event topic '" + SafeText.printable(topic, 100) + "' " + problem);
        }
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("event topic is " + bytes + " bytes; the limit is " + MAX_TOPIC_BYTES);
        }
        return topic;
    }

    /**
     * Why {@code topic} must be neither published nor delivered, or null. Control characters in a topic rewrite
     * log lines and terminals (CR, LF, ESC) or make one topic look like another (bidi controls).
     */
    private static String topicProblem(String topic) {
        int i = SafeText.indexOfControl(topic);
        if (i < 0) {
            return null;
        }
        int cp = topic.codePointAt(i);
        return cp == 0 ? "contains NUL, which the daemon reserves"
                : String.format("contains the control character U+%04X at index %d", cp, i);
    }

    public void writeTo(OutputStream out) throws IOException {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer head = ByteBuffer.allocate(2 + t.length + 4);
        head.putShort((short) t.length).put(t).putInt(payload.length);
        // one write call per frame keeps a frame in as few IPC Send frames as possible
        byte[] frame = new byte[head.capacity() + payload.length];
        System.arraycopy(head.array(), 0, frame, 0, head.capacity());
        System.arraycopy(payload, 0, frame, head.capacity(), payload.length);
        out.write(frame);
        out.flush();
    }

    /**
     * Reads one frame; null on a clean end of stream between frames.
     * <p>
     * A frame that breaks the framing (topic length 0 or over 1024, payload over the brokers' 16 MiB) is a
     * {@link MalformedFrameException}: the stream cannot be trusted further. A well-framed event that must not be
     * delivered (topic not UTF-8 or with control characters, payload over {@code maxPayload}) is read to its end,
     * its payload drained chunk by chunk without being kept, and reported as an {@link InvalidEventException}:
     * the caller can go on reading.
     */
    public static EventFrame readFrom(InputStream in, int maxPayload) throws IOException {
        maxPayload = Math.min(maxPayload, MAX_PAYLOAD_BYTES);
        int topicLen = FrameIO.readU16OrEnd(in, "event topic length");
        if (topicLen < 0) {
            return null;
        }
        if (topicLen == 0 || topicLen > MAX_TOPIC_BYTES) {
            throw new MalformedFrameException("event topic length " + topicLen + " outside 1.." + MAX_TOPIC_BYTES);
        }
        byte[] topicBytes = FrameIO.readExactly(in, topicLen, "event topic");
        long len = FrameIO.readU32(in, "event payload length");
        if (len > MAX_PAYLOAD_BYTES) { // no broker sends this: the stream is not an event stream (any more)
            throw new MalformedFrameException("event payload length " + len + " exceeds the brokers' limit of " + MAX_PAYLOAD_BYTES);
        }
        String topic = decodeUtf8(topicBytes);
        String problem = topic == null ? "is not valid UTF-8" : topicProblem(topic);
        if (problem == null && len > maxPayload) {
            problem = "has a payload of " + len + " bytes, over the limit of " + maxPayload;
        }
        if (problem != null) {
            FrameIO.skipExactly(in, len, "event payload");
            String shown = topic == null ? "(not UTF-8)" : "'" + SafeText.printable(topic, 100) + "'";
            throw new InvalidEventException("event topic " + shown + " " + problem);
        }
        return new EventFrame(topic, FrameIO.readExactly(in, (int) len, "event payload"));
    }

    /** The topic, or null when it is not valid UTF-8. */
    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
