package io.camelagents.pilot.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camelagents.pilot.driver.ByteBudget;

/**
 * Reassembles header + body frames from bytes as they arrive, for servers that must not trust their peers. The
 * announced body length is never allocated up front: the body buffer grows with the bytes received (doubling
 * from 64 KiB), and each growth is reserved from a budget shared with the other connections, so a peer that
 * announces 16 MiB and sends nothing costs nothing, and all peers together hold at most the budget.
 * Not thread-safe: one assembler per connection, fed by one thread at a time.
 */
public final class FrameAssembler {
    static final int FIRST_CHUNK = 64 * 1024;

    /** What to do with the body a header announced. */
    public record Body(long length, boolean keep, boolean stops) {
        /** Collect {@code length} bytes into the frame. */
        public static Body collect(long length) {
            return new Body(length, true, false);
        }

        /** Let {@code length} bytes pass unkept (the frame is delivered with an empty body). */
        public static Body skip(long length) {
            return new Body(length, false, false);
        }

        /** Stop: the connection was refused or closed while looking at the header. */
        public static Body stop() {
            return new Body(0, false, true);
        }
    }

    /** Decides on a complete header (the frame's first bytes), before any of its body is kept. */
    public interface HeaderHandler {
        Body onHeader(ByteBuffer header) throws Exception;
    }

    /** Receives complete frames, in order. */
    public interface FrameHandler {
        void onFrame(Frame frame) throws Exception;
    }

    /** The budget the frame's body holds; released by {@link #release()}, or by whoever {@link #keep()} handed it to. */
    public static final class Frame {
        private final ByteBuffer header;
        private final byte[] body;
        private final boolean skipped;
        private ByteBudget budget;

        Frame(ByteBuffer header, byte[] body, boolean skipped, ByteBudget budget) {
            this.header = header;
            this.body = body;
            this.skipped = skipped;
            this.budget = budget;
        }

        public ByteBuffer header() {
            return header.duplicate();
        }

        public byte[] body() {
            return body;
        }

        /** True when the header asked to skip the body: {@link #body()} is empty. */
        public boolean skipped() {
            return skipped;
        }

        /**
         * Hands the body's reservation to the caller (the server will not release it): run the returned action
         * when the bytes, or what was made of them, are gone. Runs at most once.
         */
        public synchronized Runnable keep() {
            ByteBudget b = budget;
            budget = null;
            if (b == null) {
                return () -> { };
            }
            long n = body.length;
            AtomicBoolean done = new AtomicBoolean();
            return () -> {
                if (done.compareAndSet(false, true)) {
                    b.release(n);
                }
            };
        }

        /** Returns the body's bytes to the budget. Idempotent. */
        public synchronized void release() {
            if (budget != null) {
                budget.release(body.length);
                budget = null;
            }
        }
    }

    /** The shared budget is exhausted: the connection must go, its peer is sending more than the node can hold. */
    public static final class OverBudgetException extends Exception {
        private static final long serialVersionUID = 1L;

        OverBudgetException(String message) {
            super(message);
        }
    }

    private final int headerBytes;
    private final ByteBudget budget;
    private final byte[] header;
    private volatile int headerFilled; // volatile: deadline sweeps read it from another thread
    private Body body;
    private byte[] buffer;
    private int bodyFilled;
    private long skipLeft;
    private volatile long frameStartedNanos;

    public FrameAssembler(int headerBytes, ByteBudget budget) {
        if (headerBytes < 1) {
            throw new IllegalArgumentException("headerBytes must be positive");
        }
        this.headerBytes = headerBytes;
        this.budget = budget;
        this.header = new byte[headerBytes];
    }

    /** A frame for raw framing, where each chunk that arrives is a message: no header, nothing reserved. */
    public static Frame rawFrame(byte[] bytes) {
        return new Frame(ByteBuffer.allocate(0), bytes, false, null);
    }

    /** True between the first byte of a frame and its last. */
    public boolean inFrame() {
        return headerFilled > 0;
    }

    /** {@link System#nanoTime()} of the current frame's first byte (meaningful while {@link #inFrame()}). */
    public long frameStartedNanos() {
        return frameStartedNanos;
    }

    /** How far the current frame got, for log lines: e.g. "1048576 of 8388608 body bytes". */
    public String progress() {
        Body b = body;
        return b == null ? headerFilled + " of " + headerBytes + " header bytes"
                : (b.keep() ? bodyFilled : b.length() - skipLeft) + " of " + b.length() + " body bytes";
    }

    /**
     * Consumes {@code len} bytes. Each frame they complete goes to {@code frames} before the next byte is looked
     * at; when a handler stops (or throws), the rest of the input is left unread.
     *
     * @return false when the header handler said stop
     */
    public boolean feed(byte[] data, int off, int len, HeaderHandler headers, FrameHandler frames) throws Exception {
        int pos = off;
        int end = off + len;
        while (pos < end) {
            if (body == null) {
                if (headerFilled == 0) {
                    frameStartedNanos = System.nanoTime();
                }
                int n = Math.min(headerBytes - headerFilled, end - pos);
                System.arraycopy(data, pos, header, headerFilled, n);
                headerFilled += n;
                pos += n;
                if (headerFilled < headerBytes) {
                    return true;
                }
                Body decided = headers.onHeader(ByteBuffer.wrap(header.clone()).asReadOnlyBuffer());
                if (decided.stops()) {
                    return false;
                }
                if (decided.length() < 0 || decided.length() > Integer.MAX_VALUE - 8) {
                    throw new MalformedFrameException("frame body length " + decided.length() + " is out of range");
                }
                body = decided;
                skipLeft = decided.keep() ? 0 : decided.length();
                bodyFilled = 0;
            }
            if (body.keep()) {
                int n = Math.min((int) body.length() - bodyFilled, end - pos);
                if (n > 0) {
                    ensureCapacity(bodyFilled + n);
                    System.arraycopy(data, pos, buffer, bodyFilled, n);
                    bodyFilled += n;
                    pos += n;
                }
            } else {
                int n = (int) Math.min(skipLeft, end - pos);
                skipLeft -= n;
                pos += n;
            }
            if (body.keep() ? bodyFilled == body.length() : skipLeft == 0) {
                Frame frame = completeFrame();
                try {
                    frames.onFrame(frame);
                } catch (Exception e) {
                    frame.release();
                    throw e;
                }
            }
        }
        return true;
    }

    private Frame completeFrame() {
        ByteBuffer h = ByteBuffer.wrap(header.clone()).asReadOnlyBuffer();
        Frame frame;
        if (body.keep()) {
            byte[] bytes = buffer == null ? new byte[0] : buffer; // grown exactly to the length by ensureCapacity
            frame = new Frame(h, bytes, false, bytes.length == 0 ? null : budget);
        } else {
            frame = new Frame(h, new byte[0], true, null);
        }
        headerFilled = 0;
        body = null;
        buffer = null;
        bodyFilled = 0;
        return frame;
    }

    private void ensureCapacity(int needed) throws OverBudgetException {
        int have = buffer == null ? 0 : buffer.length;
        if (needed <= have) {
            return;
        }
        int target = (int) Math.min(body.length(), Math.max(needed, have == 0 ? FIRST_CHUNK : (long) have * 2));
        if (budget != null && !budget.tryReserve(target - have)) {
            throw new OverBudgetException("receiving a " + body.length() + "-byte frame would exceed the "
                    + budget.limit() + "-byte limit on data in flight from peers (" + budget.used() + " in use)");
        }
        buffer = buffer == null ? new byte[target] : Arrays.copyOf(buffer, target);
    }

    /** Gives back what a partial frame holds (its connection is going away). Idempotent. */
    public void release() {
        if (buffer != null && budget != null) {
            budget.release(buffer.length);
        }
        buffer = null;
        body = null;
        headerFilled = 0;
        bodyFilled = 0;
    }
}
