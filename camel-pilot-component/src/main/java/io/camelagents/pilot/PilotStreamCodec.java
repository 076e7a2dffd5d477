package io.camelagents.pilot;

import java.io.DataInputStream;
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

    static void write(OutputStream out, byte[] message) throws IOException {
        out.write(ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).array());
        out.flush();
    }

    /** Null on a clean end of stream between messages. */
    static byte[] read(InputStream in, int maxBytes) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        byte[] rest = new byte[3];
        new DataInputStream(in).readFully(rest);
        long len = ((long) b0 << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
        if (len > maxBytes) {
            throw new MalformedFrameException("stream message length " + len + " exceeds maxMessageBytes " + maxBytes);
        }
        byte[] msg = new byte[(int) len];
        try {
            new DataInputStream(in).readFully(msg);
        } catch (EOFException e) {
            throw new EOFException("stream ended inside a " + len + "-byte message");
        }
        return msg;
    }
}
