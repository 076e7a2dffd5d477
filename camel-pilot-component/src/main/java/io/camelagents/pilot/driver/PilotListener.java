package io.camelagents.pilot.driver;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bound Pilot port. Connections that peers dial to it queue here until {@link #accept(Duration)} takes them.
 * The queue is bounded: when it is full new connections are closed at once (and counted) instead of piling up.
 */
public final class PilotListener implements AutoCloseable {
    private static final Object CLOSED_MARKER = new Object();

    private final int port;
    private final IpcSession session;
    private final BlockingQueue<Object> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile PilotException failure;
    private volatile long rejectedWhenFull;

    PilotListener(int port, IpcSession session, int capacity) {
        this.port = port;
        this.session = session;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // +1 keeps room for the close marker
    }

    public int port() {
        return port;
    }

    /** Connections closed because the accept queue was full. */
    public long rejectedWhenFull() {
        return rejectedWhenFull;
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

    boolean offer(PilotConnection conn) {
        if (closed.get() || !queue.offer(conn)) {
            rejectedWhenFull++;
            return false;
        }
        return true;
    }

    void fail(PilotException cause) {
        failure = cause;
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(CLOSED_MARKER);
        }
    }
}
