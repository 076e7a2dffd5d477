package io.camelagents.pilot;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.protocol.EventPublisher;

/**
 * The broker connections of one {@code pilot:events} producer ({@code publishConnections}): N {@link EventPublisher}s,
 * each kept open and paced to {@code publishRate} on its own, because the newest broker limits publishes per
 * connection. A keyed event always takes the connection its key hashes to, so events of one key keep their order;
 * an event without a key takes the next connection round-robin, skipping connections other callers are waiting on.
 * <p>
 * Each publisher opens its connection on its first publish and reopens it on the next publish after a failure,
 * like the single publisher always did: a producer starts without a running daemon, and a connection no event
 * needs (few keys, little traffic) is never dialed. A caller blocks only on the connection it takes: pacing sleeps
 * inside that publisher's lock, so callers of the same connection queue there while the others go on.
 */
final class PublishConnections implements AutoCloseable {
    /** Upper bound of publishConnections: 64 x 100/s is far beyond what one route's callers feed on a small box. */
    static final int MAX = 64;

    private final EventPublisher[] publishers;
    /** Callers inside or waiting for each publisher; an unkeyed event avoids connections with a queue. */
    private final AtomicIntegerArray callers;
    private final AtomicInteger nextUnkeyed = new AtomicInteger();

    PublishConnections(int count, EventPublisher.Broker broker, int ratePerSecond, Duration dialTimeout, String name) {
        publishers = new EventPublisher[count];
        for (int i = 0; i < count; i++) {
            String label = count == 1 ? name : name + " [connection " + (i + 1) + "/" + count + "]";
            publishers[i] = new EventPublisher(broker, ratePerSecond, dialTimeout, label);
        }
        callers = new AtomicIntegerArray(count);
    }

    /**
     * Publishes on the key's connection (a null or empty key: the next free one); waits for that connection's pacing
     * slot and returns how long it slept for it, in nanoseconds.
     */
    long publish(PilotDriver driver, EventFrame frame, String key) throws IOException, InterruptedException {
        int i = key == null || key.isEmpty() ? nextUnkeyed() : connectionOf(key, publishers.length);
        callers.incrementAndGet(i);
        try {
            return publishers[i].publish(driver, frame);
        } finally {
            callers.decrementAndGet(i);
        }
    }

    /** The connection a key always takes (a stable hash: String.hashCode is specified). */
    static int connectionOf(String key, int count) {
        return Math.floorMod(key.hashCode(), count);
    }

    /**
     * Round-robin, but past connections other callers are queued on: one calling thread thus cycles through all
     * connections (each one's pacing slot has come round again by its turn), many threads spread over them.
     */
    private int nextUnkeyed() {
        int n = publishers.length;
        int best = Math.floorMod(nextUnkeyed.getAndIncrement(), n);
        int bestCallers = callers.get(best);
        for (int k = 1; k < n && bestCallers > 0; k++) {
            int i = (best + k) % n;
            int c = callers.get(i);
            if (c < bestCallers) {
                best = i;
                bestCallers = c;
            }
        }
        return best;
    }

    /** Connections opened so far over all publishers (first opens + reconnects). */
    long connectionsOpened() {
        long sum = 0;
        for (EventPublisher p : publishers) {
            sum += p.connectionsOpened();
        }
        return sum;
    }

    @Override
    public void close() {
        for (EventPublisher p : publishers) {
            p.close();
        }
    }
}
