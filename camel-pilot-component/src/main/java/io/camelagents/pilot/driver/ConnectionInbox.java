package io.camelagents.pilot.driver;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes received for one stream connection, filled by the IPC reader thread and drained by the application.
 * The reader must never block (the newest daemon drops IPC clients that stop reading for 10 s), so the inbox is
 * bounded by a byte budget instead of back-pressure: past it the connection fails with a clear error.
 */
final class ConnectionInbox {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long maxBufferedBytes;
    private int headOffset;
    private long buffered;
    private boolean endOfStream;
    private PilotException failure;

    ConnectionInbox(long maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /** Called by the reader thread. Returns false when the budget is exceeded (the data is not kept). */
    boolean offer(byte[] data) {
        lock.lock();
        try {
            if (endOfStream || failure != null) {
                return true; // late data after close: nothing to deliver it to
            }
            if (buffered + data.length > maxBufferedBytes) {
                return false;
            }
            chunks.addLast(data);
            buffered += data.length;
            readable.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    void endOfStream() {
        lock.lock();
        try {
            endOfStream = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void fail(PilotException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            readable.signalAll();
        } finally {
            lock.unlock();
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
            return copied;
        } finally {
            lock.unlock();
        }
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
