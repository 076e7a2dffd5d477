package io.camelagents.pilot.connect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over between a source task's subscription threads and Connect's poll, bounded by events and by payload
 * bytes (a broker picks the sizes). A full queue makes the subscriptions wait, so nothing they read is dropped
 * here; {@link #close()} releases every waiter.
 */
final class EventQueue {
    private final int capacity;
    private final long maxBytes;
    private final ArrayDeque<ReceivedEvent> events = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private long bytes;
    private boolean closed;

    EventQueue(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** Waits for room; false when the queue was closed (the task is stopping) and the event was not taken. */
    boolean put(ReceivedEvent event) throws InterruptedException {
        int size = event.payload().length;
        lock.lockInterruptibly();
        try {
            while (!closed && (events.size() >= capacity || (!events.isEmpty() && bytes + size > maxBytes))) {
                notFull.await();
            }
            if (closed) {
                return false;
            }
            events.addLast(event);
            bytes += size;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} events, waiting at most {@code waitMillis} for the first; empty if none came. */
    List<ReceivedEvent> drain(int max, long waitMillis) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(waitMillis);
        lock.lockInterruptibly();
        try {
            while (events.isEmpty() && !closed && left > 0) {
                left = notEmpty.awaitNanos(left);
            }
            if (events.isEmpty()) {
                return List.of();
            }
            List<ReceivedEvent> out = new ArrayList<>(Math.min(max, events.size()));
            while (out.size() < max && !events.isEmpty()) {
                ReceivedEvent e = events.pollFirst();
                bytes -= e.payload().length;
                out.add(e);
            }
            notFull.signalAll();
            return out;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
