package io.camelagents.pilot.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Bounded reads shared by the application-protocol codecs. */
final class FrameIO {
    private FrameIO() {
    }

    /** Reads exactly {@code n} bytes; {@link EOFException} names what was being read. */
    static byte[] readExactly(InputStream in, int n, String what) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw new EOFException("stream ended inside " + what + " (" + off + " of " + n + " bytes)");
            }
            off += r;
        }
        return buf;
    }

    /** Reads a big-endian u32, or returns -1 on a clean end of stream before its first byte. */
    static long readU32OrEnd(InputStream in, String what) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return -1;
        }
        byte[] rest = readExactly(in, 3, what);
        return ((long) b0 << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
    }

    static long readU32(InputStream in, String what) throws IOException {
        long v = readU32OrEnd(in, what);
        if (v < 0) {
            throw new EOFException("stream ended before " + what);
        }
        return v;
    }

    static int readU16OrEnd(InputStream in, String what) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return -1;
        }
        int b1 = in.read();
        if (b1 < 0) {
            throw new EOFException("stream ended inside " + what);
        }
        return (b0 << 8) | b1;
    }
}
