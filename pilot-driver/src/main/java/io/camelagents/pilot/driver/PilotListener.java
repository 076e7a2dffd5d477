package io.camelagents.pilot.driver;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound Pilot port. Connections that peers dial to it queue here until {@link #accept(Duration)} takes them.
 * The queue is bounded, and so is the number of accepted connections open at once ({@link PilotListenOptions}):
 * past either, new connections are closed at once (and counted) instead of piling up.
 */
public final class PilotListener implements AutoCloseable {
    private static final Object CLOSED_MARKER = new Object();

    private final int port;
    private final IpcSession session;
    private final BlockingQueue<Object> queue;
    private final PilotListenOptions limits;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong rejectedWhenFull = new AtomicLong();
    private final AtomicLong rejectedOverLimit = new AtomicLong();
    private volatile PilotException failure;

    PilotListener(int port, IpcSession session, int capacity, PilotListenOptions limits) {
        this.port = port;
        this.session = session;
        this.limits = limits;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // +1 keeps room for the close marker
    }

    public int port() {
        return port;
    }

    public PilotListenOptions limits() {
        return limits;
    }

    /** Connections closed because the accept queue was full. */
    public long rejectedWhenFull() {
        return rejectedWhenFull.get();
    }

    /** Connections closed on arrival because {@link PilotListenOptions#maxConnections()} were open already. */
    public long rejectedOverLimit() {
        return rejectedOverLimit.get();
    }


    /**
     * Waits for the next incoming connection.
     *
     * @param timeout null or zero waits forever
     * @throws PilotTimeoutException when nothing arrives in time
     * @throws PilotDisconnectedException when the listener or the daemon connection is closed
     */
    public PilotConnection accept(Duration timeout) throws PilotException, InterruptedException {
        Object next = (timeout == null || timeout.isZero())
                ? queue.take()
                : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next == null) {
            throw new PilotTimeoutException("no connection to port " + port + " within " + timeout.toMillis() + " ms");
        }
        if (next == CLOSED_MARKER) {
            queue.offer(CLOSED_MARKER); // wake every other acceptor too
            PilotException f = failure;
            throw f != null ? f : new PilotDisconnectedException("listener on port " + port + " is closed");
        }
        return (PilotConnection) next;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** Stops accepting; unbinds the port where the daemon supports it (newest), else the port stays bound until the IPC session ends. */
    @Override
    public void close() throws PilotException {
        if (closed.compareAndSet(false, true)) {
            queue.offer(CLOSED_MARKER);
            session.unbind(this);
        }
    }

    // ---- called by the IPC reader thread ----

    /** Why {@code conn} cannot be taken, or null when it was queued (and counts as open until it is closed). */
    String offer(PilotConnection conn) {
        if (closed.get()) {
            return "the listener is closed";
        }
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            rejectedOverLimit.incrementAndGet();
            return limits.maxConnections() + " connections are open already";
        }
        conn.onClose(open::decrementAndGet);
        if (!queue.offer(conn)) {
            conn.onClose(null);
            open.decrementAndGet();
            rejectedWhenFull.incrementAndGet();
            return "the accept queue is full";
        }
        return null;
    }

    void fail(PilotException cause) {
        failure = cause;
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(CLOSED_MARKER);
        }
    }
}
