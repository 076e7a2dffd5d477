package io.camelagents.pilot.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Bounded reads shared by the application-protocol codecs. */
final class FrameIO {
    private FrameIO() {
    }

    /** First buffer of {@link #readExactly}; it grows only as bytes actually arrive. */
    static final int INITIAL_CHUNK = 64 * 1024;

    /**
     * Reads exactly {@code n} bytes; {@link EOFException} names what was being read. The buffer starts small and
     * doubles as bytes arrive (capped at {@code n}): an announced length is the peer's claim, so a peer that
     * announces 16 MiB and sends nothing costs 64 KiB, not 16 MiB.
     */
    static byte[] readExactly(InputStream in, int n, String what) throws IOException {
        byte[] buf = new byte[Math.min(n, INITIAL_CHUNK)];
        int off = 0;
        while (off < n) {
            if (off == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(2L * buf.length, n));
            }
            int r = in.read(buf, off, buf.length - off);
            if (r < 0) {
                throw new EOFException("stream ended inside " + what + " (" + off + " of " + n + " bytes)");
            }
            off += r;
        }
        return buf;
    }

    /** Reads and discards exactly {@code n} bytes through a small buffer, so skipping never holds more than a chunk. */
    static void skipExactly(InputStream in, long n, String what) throws IOException {
        byte[] chunk = new byte[(int) Math.min(n, 8192)];
        long done = 0;
        while (done < n) {
            int r = in.read(chunk, 0, (int) Math.min(chunk.length, n - done));
            if (r < 0) {
                throw new EOFException("stream ended inside " + what + " (" + done + " of " + n + " bytes)");
            }
            done += r;
        }
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
