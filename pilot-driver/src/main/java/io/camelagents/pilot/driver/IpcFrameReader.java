package io.camelagents.pilot.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads u32-length-prefixed frames. Validates the length before allocating, so a hostile or broken peer can never
 * make us allocate more than {@link IpcCommand#MAX_BODY} bytes per frame.
 */
final class IpcFrameReader {
    private final ReadableByteChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(4);

    IpcFrameReader(ReadableByteChannel channel) {
        this.channel = channel;
    }

    /** Returns the next frame body (command byte first), or null on a clean end of stream between frames. */
    ByteBuffer next() throws IOException {
        header.clear();
        if (!fill(header, true)) {
            return null;
        }
        header.flip();
        long length = Integer.toUnsignedLong(header.getInt());
        if (length == 0) {
            throw new PilotProtocolException("IPC frame with length 0 (a frame must carry at least its command byte)");
        }
        if (length > IpcCommand.MAX_BODY) {
            throw new PilotProtocolException("IPC frame length " + length + " exceeds the limit of "
                    + IpcCommand.MAX_BODY + " bytes; closing the IPC connection");
        }
        ByteBuffer body = ByteBuffer.allocate((int) length);
        fill(body, false);
        body.flip();
        return body;
    }

    private boolean fill(ByteBuffer buf, boolean eofAllowedAtStart) throws IOException {
        while (buf.hasRemaining()) {
            int n = channel.read(buf);
            if (n < 0) {
                if (eofAllowedAtStart && buf.position() == 0) {
                    return false;
                }
                throw new PilotDisconnectedException("IPC connection closed mid-frame (truncated frame: got "
                        + buf.position() + " of " + buf.capacity() + (eofAllowedAtStart ? " header" : " body") + " bytes)");
            }
        }
        return true;
    }
}
