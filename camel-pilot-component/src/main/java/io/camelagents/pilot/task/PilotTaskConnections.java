package io.camelagents.pilot.task;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;

/**
 * Submit connections kept open between tasks, per executor node: the submitter's half of task keep-alive. Each
 * new connection costs a dial, and after many short connections between two nodes some dials wait for a SYN
 * retransmission (a quarter of a second): reusing one connection per peer removes that tail.
 * <p>
 * A connection is parked only after its task's final status arrived on it and the executor said it keeps the
 * connection, and it is used again only within half of the keep-alive the executor announced (so it is never
 * taken just as the executor closes it for idleness). Parked connections pin no thread: nothing reads them
 * until the next SUBMIT. At most {@link #MAX_PARKED_PER_PEER} per peer (one per concurrent task); more close.
 */
public final class PilotTaskConnections {
    static final int MAX_PARKED_PER_PEER = 8;

    private record Parked(PilotConnection connection, long useBeforeNanos) {
    }

    private final Map<PilotAddress, Deque<Parked>> parked = new HashMap<>();

    /** A kept connection to {@code peer} that is still usable, or null (then dial a new one). */
    public PilotConnection take(PilotAddress peer) {
        while (true) {
            Parked p;
            synchronized (this) {
                Deque<Parked> q = parked.get(peer);
                p = q == null ? null : q.pollLast(); // the most recently used one is the least likely to idle out
                if (q != null && q.isEmpty()) {
                    parked.remove(peer);
                }
            }
            if (p == null) {
                return null;
            }
            // unread bytes would be taken for the next answer: such a connection is not reused
            if (usable(p, System.nanoTime())) {
                return p.connection;
            }
            p.connection.closeInBackground();
        }
    }

    /** Keeps {@code connection} for the next task to {@code peer}; the executor keeps it for {@code keepAliveMs}. */
    public void park(PilotAddress peer, PilotConnection connection, long keepAliveMs) {
        Parked p = new Parked(connection, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(keepAliveMs / 2));
        synchronized (this) {
            Deque<Parked> q = parked.computeIfAbsent(peer, k -> new ArrayDeque<>());
            if (q.size() < MAX_PARKED_PER_PEER) {
                q.addLast(p);
                return;
            }
        }
        connection.closeInBackground();
    }

    /** Closes parked connections that may no longer be used (or that the executor closed); runs periodically. */
    public void closeExpired() {
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<Deque<Parked>> queues = parked.values().iterator(); queues.hasNext();) {
                Deque<Parked> q = queues.next();
                q.removeIf(p -> {
                    if (usable(p, now)) {
                        return false;
                    }
                    p.connection.closeInBackground();
                    return true;
                });
                if (q.isEmpty()) {
                    queues.remove();
                }
            }
        }
    }

    public synchronized int parkedCount() {
        return parked.values().stream().mapToInt(Deque::size).sum();
    }

    public void closeAll() {
        synchronized (this) {
            parked.values().forEach(q -> q.forEach(p -> p.connection.closeInBackground()));
            parked.clear();
        }
    }

    private static boolean usable(Parked p, long now) {
        return p.connection.isOpen() && p.connection.bufferedBytes() == 0 && now - p.useBeforeNanos < 0;
    }
}
