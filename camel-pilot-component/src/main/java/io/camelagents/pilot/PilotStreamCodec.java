package io.camelagents.pilot;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import io.camelagents.pilot.protocol.MalformedFrameException;

/** Length-prefixed messages on raw {@code pilot:stream} connections: u32 big-endian length + bytes. */
final class PilotStreamCodec {
    private PilotStreamCodec() {
    }

    static byte[] encode(byte[] message) {
        return ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).array();
    }

    static void write(OutputStream out, byte[] message) throws IOException {
        out.write(encode(message)); // one write call: the frame is never interleaved with another writer's
        out.flush();
    }

    /** Null on a clean end of stream between messages. */
    static byte[] read(InputStream in, int maxBytes) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        byte[] rest = in.readNBytes(3);
        if (rest.length < 3) {
            throw new EOFException("stream ended inside a message length");
        }
        long len = ((long) b0 << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
        if (len > maxBytes) {
            throw new MalformedFrameException("stream message length " + len + " exceeds maxMessageBytes " + maxBytes);
        }
        byte[] msg = in.readNBytes((int) len); // grows with what arrives; never allocates the announced length up front
        if (msg.length < len) {
            throw new EOFException("stream ended inside a " + len + "-byte message (" + msg.length + " bytes arrived)");
        }
        return msg;
    }
}
