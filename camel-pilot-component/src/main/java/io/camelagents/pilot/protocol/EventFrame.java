package io.camelagents.pilot.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
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

    /** Validates a topic for sending: non-empty UTF-8 of at most 1024 bytes, no NUL (reserved by the daemon). */
    public static String checkTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("event topic must not be empty");
        }
        if (topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("event topic '" + topic.replace('\0', '?') + "' contains NUL, which the daemon reserves");
        }
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("event topic is " + bytes + " bytes; the limit is " + MAX_TOPIC_BYTES);
        }
        return topic;
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
     *
     * @param maxPayload frames announcing a larger payload are rejected before any allocation
     */
    public static EventFrame readFrom(InputStream in, int maxPayload) throws IOException {
        maxPayload = Math.min(maxPayload, MAX_PAYLOAD_BYTES); // larger frames cannot be events: refuse them unread
        int topicLen = FrameIO.readU16OrEnd(in, "event topic length");
        if (topicLen < 0) {
            return null;
        }
        if (topicLen == 0 || topicLen > MAX_TOPIC_BYTES) {
            throw new MalformedFrameException("event topic length " + topicLen + " outside 1.." + MAX_TOPIC_BYTES);
        }
        String topic = decodeUtf8(FrameIO.readExactly(in, topicLen, "event topic"));
        if (topic.indexOf('\0') >= 0) {
            throw new MalformedFrameException("event topic contains NUL, which the daemon reserves");
        }
        long len = FrameIO.readU32(in, "event payload length");
        if (len > maxPayload) {
            throw new MalformedFrameException("event payload length " + len + " exceeds the limit of " + maxPayload);
        }
        return new EventFrame(topic, FrameIO.readExactly(in, (int) len, "event payload"));
    }

    private static String decodeUtf8(byte[] bytes) throws MalformedFrameException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("event topic is not valid UTF-8");
        }
    }
}
