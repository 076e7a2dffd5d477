package io.camelagents.pilot.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Data-exchange frame (port 1001): type u32 + length u32 + payload. FILE payloads are name length u16 + name +
 * bytes. The receiver answers every frame with a TEXT frame {@code ACK <TYPE> <n> bytes} or {@code ERR ...}.
 */
public record DataFrame(Type type, String filename, byte[] data) {
    public static final int DATA_EXCHANGE_PORT = 1001;
    /** v1.2.2's limit; the newest daemon accepts 64 MiB by default. The smaller one works with both. */
    public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    public static final int MAX_FILENAME_BYTES = 255;

    /** Frame types: TEXT, BINARY, JSON and FILE are understood by both daemon generations. */
    public enum Type {
        TEXT(1), BINARY(2), JSON(3), FILE(4);

        final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(long code) throws MalformedFrameException {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new MalformedFrameException("unsupported data-exchange frame type " + code);
        }
    }

    public DataFrame {
        if (type == Type.FILE) {
            checkFilename(filename);
        }
    }

    public static DataFrame text(String text) {
        return new DataFrame(Type.TEXT, null, text.getBytes(StandardCharsets.UTF_8));
    }

    /** File names travel without directories; the newest daemon refuses separators and names over 255 bytes. */
    public static String checkFilename(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a FILE frame needs a file name");
        }
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("file name '" + name + "' must not contain '/' or '\\' or be . or ..");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_FILENAME_BYTES) {
            throw new IllegalArgumentException("file name is longer than " + MAX_FILENAME_BYTES + " bytes");
        }
        return name;
    }

    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    public void writeTo(OutputStream out) throws IOException {
        byte[] payload = data;
        if (type == Type.FILE) {
            byte[] name = filename.getBytes(StandardCharsets.UTF_8);
            payload = ByteBuffer.allocate(2 + name.length + data.length).putShort((short) name.length).put(name).put(data).array();
        }
        if (payload.length > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("data frame of " + payload.length + " bytes exceeds the limit of " + MAX_FRAME_BYTES);
        }
        byte[] frame = ByteBuffer.allocate(8 + payload.length).putInt(type.code).putInt(payload.length).put(payload).array();
        out.write(frame);
        out.flush();
    }

    /** Reads one frame; null on a clean end of stream between frames. */
    public static DataFrame readFrom(InputStream in, int maxBytes) throws IOException {
        long typeCode = FrameIO.readU32OrEnd(in, "data frame type");
        if (typeCode < 0) {
            return null;
        }
        Type type = Type.of(typeCode);
        long len = FrameIO.readU32(in, "data frame length");
        if (len > maxBytes) {
            throw new MalformedFrameException("data frame length " + len + " exceeds the limit of " + maxBytes);
        }
        byte[] payload = FrameIO.readExactly(in, (int) len, "data frame payload");
        if (type != Type.FILE) {
            return new DataFrame(type, null, payload);
        }
        if (payload.length < 2) {
            throw new MalformedFrameException("FILE frame too short for its name length");
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        int nameLen = Short.toUnsignedInt(b.getShort());
        if (nameLen > b.remaining()) {
            throw new MalformedFrameException("FILE frame name length " + nameLen + " exceeds the frame");
        }
        byte[] name = new byte[nameLen];
        b.get(name);
        byte[] data = new byte[b.remaining()];
        b.get(data);
        try {
            return new DataFrame(type, new String(name, StandardCharsets.UTF_8), data);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("FILE frame: " + e.getMessage());
        }
    }
}
