package io.camelagents.pilot.task;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelagents.pilot.driver.ByteBudget;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.protocol.FrameAssembler;
import io.camelagents.pilot.protocol.MalformedFrameException;
import io.camelagents.pilot.protocol.TaskFrame;

/**
 * Reads the task frames an executor sends back on a submit connection without a thread per connection: the
 * driver signals arriving data (on its IPC reader, where we only schedule), and a drain on a small shared pool
 * assembles frames and hands them to the {@link Listener}, one drain per connection at a time, in order. Announced
 * lengths are never allocated (bodies grow with the bytes that arrive, reserved from a budget shared by all
 * submit connections); the submitter's deadlines bound how long a peer may take.
 */
public final class PilotTaskFrameReader {
    private static final int READ_CHUNK = 16 * 1024;
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[READ_CHUNK]);

    /** What the submitter does with the frames; called on the drain, never twice at once. */
    public interface Listener {
        /** A complete frame; false stops reading (nothing more is taken from the connection). */
        boolean onFrame(TaskFrame frame) throws Exception;

        /**
         * Reading stopped because {@link #onFrame} said so; {@code leftover} when the peer had sent more after that
         * frame (such a connection must not be reused).
         */
        void onStopped(boolean leftover);

        /**
         * The connection ended: {@code cause} is null for a clean end between frames, a {@link java.io.EOFException}
         * for an end inside a frame, else what went wrong (malformed frame, over budget, link failure).
         */
        void onEnded(Exception cause);
    }

    private final PilotConnection connection;
    private final Executor drains;
    private final Listener listener;
    private final FrameAssembler assembler;
    private final AtomicInteger pendingSignals = new AtomicInteger();
    private volatile boolean done;
    private boolean stopping;
    private boolean leftover;

    public PilotTaskFrameReader(PilotConnection connection, Executor drains, ByteBudget budget, Listener listener) {
        this.connection = connection;
        this.drains = drains;
        this.listener = listener;
        this.assembler = new FrameAssembler(8, budget);
    }

    /** Starts reading (also what arrived before). */
    public void start() {
        connection.setDataListener(this::signal); // runs on the IPC reader: only schedules
    }

    /** Stops reading from any thread (a deadline or a report through the task service ended the task). */
    public void cancel() {
        done = true;
        connection.setDataListener(null);
        signal(); // the drain gives back what a partial frame holds
    }

    private void signal() {
        if (pendingSignals.getAndIncrement() == 0) {
            try {
                drains.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                pendingSignals.set(0);
                finish(new PilotException("the task producer is stopping"));
            }
        }
    }

    /** Runs until no signal is left, so a signal that arrives while draining is never lost. */
    private void drain() {
        int seen;
        do {
            seen = pendingSignals.get();
            pump();
        } while (pendingSignals.addAndGet(-seen) != 0);
    }

    private void pump() {
        if (done) {
            assembler.release();
            return;
        }
        byte[] buf = READ_BUFFER.get();
        try {
            while (!done) {
                int n = connection.readAvailable(buf, 0, buf.length);
                if (n == 0) {
                    return;
                }
                if (n < 0) {
                    boolean partial = assembler.inFrame();
                    finish(partial ? new java.io.EOFException("the peer closed inside a task frame") : null);
                    return;
                }
                assembler.feed(buf, 0, n, this::onHeader, frame -> {
                    try {
                        if (!stopping && !listener.onFrame(new TaskFrame(TaskFrame.Type.of(frame.header().getInt(0) & 0xFFFFFFFFL), frame.body()))) {
                            stopping = true;
                        }
                    } finally {
                        frame.release();
                    }
                });
                if (stopping) {
                    leftover |= assembler.inFrame() || connection.bufferedBytes() > 0;
                    done = true;
                    connection.setDataListener(null);
                    assembler.release();
                    listener.onStopped(leftover);
                    return;
                }
            }
        } catch (Exception e) {
            finish(e);
        }
    }

    private FrameAssembler.Body onHeader(ByteBuffer header) throws MalformedFrameException {
        if (stopping) {
            leftover = true; // a frame after the one that ended the conversation
            return FrameAssembler.Body.stop();
        }
        TaskFrame.Type.of(header.getInt(0) & 0xFFFFFFFFL);
        long length = header.getInt(4) & 0xFFFFFFFFL;
        if (length > TaskFrame.MAX_JSON_BYTES) {
            throw new MalformedFrameException("task frame length " + length + " exceeds the limit of " + TaskFrame.MAX_JSON_BYTES);
        }
        return FrameAssembler.Body.collect(length);
    }

    private void finish(Exception cause) {
        boolean first = !done;
        done = true;
        connection.setDataListener(null);
        assembler.release();
        if (first) {
            listener.onEnded(cause);
        }
    }
}
