package io.camelagents.pilot.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * Task-submit frame (port 1003, the v1.2.2 wire format): type u32 + length u32 (at most 16 MiB) + JSON.
 * One task per connection in v1.2.2's own service (it reads the first frame and ignores the rest). Ours answers a
 * further SUBMIT with 400 while a task runs on the connection, and takes the next SUBMIT after the task's final
 * status when the submitter asked for keep-alive ({@link TaskMessages.Submit#keepAlive()}).
 */
public record TaskFrame(Type type, byte[] json) {
    public static final int TASK_PORT = 1003;
    public static final int MAX_JSON_BYTES = 16 * 1024 * 1024;

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public enum Type {
        /** A submission; the receiver's response uses the same type. */
        SUBMIT(1), RESULT(2), STATUS_UPDATE(3), SEND_RESULTS(4);

        final int code;

        Type(int code) {
            this.code = code;
        }

        public static Type of(long code) throws MalformedFrameException {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new MalformedFrameException("unknown task frame type " + code);
        }
    }

    public static TaskFrame of(Type type, Object message) {
        try {
            return new TaskFrame(type, JSON.writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("task message not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON body as {@code kind}; a body that does not fit is a {@link MalformedFrameException}. */
    public <T> T as(Class<T> kind) throws MalformedFrameException {
        try {
            return JSON.readValue(json, kind);
        } catch (IOException e) {
            throw new MalformedFrameException(type + " frame is not a valid " + kind.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The frame as it goes on the wire. */
    public byte[] toBytes() {
        if (json.length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("task frame of " + json.length + " bytes exceeds the limit of " + MAX_JSON_BYTES);
        }
        return ByteBuffer.allocate(8 + json.length).putInt(type.code).putInt(json.length).put(json).array();
    }

    /** Writes the whole frame with one write call, so concurrent writers of whole frames never interleave. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(toBytes());
        out.flush();
    }

    /** Reads one frame; null on a clean end of stream between frames. */
    public static TaskFrame readFrom(InputStream in) throws IOException {
        long typeCode = FrameIO.readU32OrEnd(in, "task frame type");
        if (typeCode < 0) {
            return null;
        }
        Type type = Type.of(typeCode);
        long len = FrameIO.readU32(in, "task frame length");
        if (len > MAX_JSON_BYTES) {
            throw new MalformedFrameException("task frame length " + len + " exceeds the limit of " + MAX_JSON_BYTES);
        }
        return new TaskFrame(type, FrameIO.readExactly(in, (int) len, "task frame JSON"));
    }
}
