package io.camelagents.pilot.driver;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Datagrams addressed to one local Pilot port. Bounded: when the application falls behind, the newest datagram
 * is dropped and counted (datagrams are unreliable by contract; memory must stay bounded).
 */
public final class PilotDatagramReceiver implements AutoCloseable {
    private static final PilotDatagram CLOSED_MARKER = new PilotDatagram(null, -1, new byte[0]);

    private final int port;
    private final PilotDriver driver;
    private final BlockingQueue<PilotDatagram> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile PilotException failure;

    PilotDatagramReceiver(int port, PilotDriver driver, int capacity) {
        this.port = port;
        this.driver = driver;
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
    }

    public int port() {
        return port;
    }

    public long dropped() {
        return dropped.get();
    }

    /** Waits for the next datagram; null or zero timeout waits forever. */
    public PilotDatagram receive(Duration timeout) throws PilotException, InterruptedException {
        PilotDatagram next = (timeout == null || timeout.isZero())
                ? queue.take()
                : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next == null) {
            throw new PilotTimeoutException("no datagram on port " + port + " within " + timeout.toMillis() + " ms");
        }
        if (next == CLOSED_MARKER) {
            queue.offer(CLOSED_MARKER);
            PilotException f = failure;
            throw f != null ? f : new PilotDisconnectedException("datagram receiver on port " + port + " is closed");
        }
        return next;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            driver.removeDatagramReceiver(this);
            queue.offer(CLOSED_MARKER);
        }
    }

    void deliver(PilotDatagram datagram) {
        if (closed.get() || queue.remainingCapacity() <= 1 || !queue.offer(datagram)) {
            dropped.incrementAndGet();
        }
    }

    void fail(PilotException cause) {
        failure = cause;
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(CLOSED_MARKER);
        }
    }
}
