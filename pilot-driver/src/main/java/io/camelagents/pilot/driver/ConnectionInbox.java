package io.camelagents.pilot.driver;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes received for one stream connection, filled by the IPC reader thread and drained by the application.
 * The reader must never block (the newest daemon drops IPC clients that stop reading for 10 s), so the inbox is
 * bounded by byte budgets instead of back-pressure: its own, and optionally one shared with other connections.
 * Past either the connection fails with a clear error.
 */
final class ConnectionInbox {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long maxBufferedBytes;
    private final ByteBudget shared;
    private volatile Runnable dataListener;
    private int headOffset;
    private long buffered;
    private boolean endOfStream;
    private boolean discarding;
    private PilotException failure;

    ConnectionInbox(long maxBufferedBytes, ByteBudget shared) {
        this.maxBufferedBytes = maxBufferedBytes;
        this.shared = shared;
    }

    /** Called by the reader thread. Returns false when a budget is exceeded (the data is not kept). */
    boolean offer(byte[] data) {
        lock.lock();
        try {
            if (endOfStream || failure != null) {
                return true; // late data after close: nothing to deliver it to
            }
            if (discarding) {
                return true;
            }
            if (buffered + data.length > maxBufferedBytes || (shared != null && !shared.tryReserve(data.length))) {
                return false;
            }
            chunks.addLast(data);
            buffered += data.length;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        notifyListener();
        return true;
    }

    void endOfStream() {
        lock.lock();
        try {
            endOfStream = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        notifyListener();
    }

    /** Local close: nothing will read what is buffered, so it is dropped (and its budget given back). */
    void closeLocally() {
        lock.lock();
        try {
            endOfStream = true;
            dropBuffered();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        notifyListener();
    }

    void fail(PilotException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause; // bytes that arrived before it stay readable until the local close
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        notifyListener();
    }

    /** From now on incoming bytes are dropped as they arrive (counted); what is buffered goes too. */
    void discardIncoming() {
        lock.lock();
        try {
            discarding = true;
            dropBuffered();
        } finally {
            lock.unlock();
        }
    }

    private void dropBuffered() {
        if (shared != null) {
            shared.release(buffered);
        }
        chunks.clear();
        headOffset = 0;
        buffered = 0;
    }

    /** Runs {@code listener} (cheaply, on the IPC reader thread) whenever data, the end or a failure arrives. */
    void setDataListener(Runnable listener) {
        this.dataListener = listener;
        notifyListener(); // whatever arrived before the listener was set
    }

    private void notifyListener() {
        Runnable l = dataListener;
        if (l != null) {
            l.run();
        }
    }

    /** The failure the connection ended with, or null. */
    PilotException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    String describeLimits() {
        return maxBufferedBytes + " bytes on this connection" + (shared == null ? "" : ", " + shared + " shared with its port's other connections");
    }

    long buffered() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies up to {@code len} bytes; blocks until at least one byte, end of stream (-1) or failure.
     *
     * @param timeoutMillis 0 waits forever
     */
    int read(byte[] dst, int off, int len, long timeoutMillis) throws PilotException, InterruptedException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
            while (chunks.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                if (endOfStream) {
                    return -1;
                }
                if (deadline == 0) {
                    readable.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new PilotTimeoutException("no data within " + timeoutMillis + " ms");
                    }
                    readable.awaitNanos(left);
                }
            }
            return copy(dst, off, len);
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #read} but never waits: 0 when nothing is buffered yet. */
    int readNow(byte[] dst, int off, int len) throws PilotException {
        lock.lock();
        try {
            if (chunks.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                return endOfStream ? -1 : 0;
            }
            return copy(dst, off, len);
        } finally {
            lock.unlock();
        }
    }

    private int copy(byte[] dst, int off, int len) {
        int copied = 0;
        while (copied < len && !chunks.isEmpty()) {
            byte[] head = chunks.peekFirst();
            int n = Math.min(len - copied, head.length - headOffset);
            System.arraycopy(head, headOffset, dst, off + copied, n);
            copied += n;
            headOffset += n;
            if (headOffset == head.length) {
                chunks.removeFirst();
                headOffset = 0;
            }
        }
        buffered -= copied;
        if (shared != null) {
            shared.release(copied);
        }
        return copied;
    }

    int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, buffered);
        } finally {
            lock.unlock();
        }
    }
}
