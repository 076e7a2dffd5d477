package io.camelagents.pilot.testkit.registry;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Registry framing: a u32 big-endian length followed by that many bytes of JSON. Reads are bounded
 * so a broken or hostile client cannot make us allocate huge buffers.
 */
final class FrameCodec {

    /** First four bytes of a connection in the registry's binary mode ("PILT"). */
    static final int BINARY_MAGIC = 0x50494C54;

    private final int maxFrameBytes;

    FrameCodec(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Reads the 4-byte length prefix; returns -1 on a clean end of stream before any byte. The
     * caller checks {@link #BINARY_MAGIC} and the bound itself so it can log why it closes.
     */
    long readLength(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return -1;
        }
        byte[] rest = new byte[3];
        in.readFully(rest);
        return ((long) first << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
    }

    byte[] readBody(DataInputStream in, long length) throws IOException {
        if (length > maxFrameBytes) {
            throw new FrameTooLargeException(length, maxFrameBytes);
        }
        byte[] body = new byte[(int) length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new EOFException("connection closed inside a " + length + "-byte frame");
        }
        return body;
    }

    void write(OutputStream out, byte[] body) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(body.length).array());
        out.write(body);
        out.flush();
    }

    /** A frame longer than the configured bound; the connection is not usable afterwards. */
    static final class FrameTooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        FrameTooLargeException(long length, int max) {
            super("frame of " + length + " bytes exceeds the " + max + "-byte limit");
        }
    }
}
