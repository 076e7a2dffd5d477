package io.camelagents.bridge.kafka.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.testkit.RawEventPublisher;

/**
 * What one receiver got in one measured case. An event is identified by (source, seq): the first time it counts as
 * distinct, later as a duplicate. A distinct event's receive time is kept (rates over windows) and, when its payload
 * carries the send time, its latency (receive nanoTime minus send nanoTime: sender and receiver share this JVM).
 * Probes (payload {@code probe}) are only counted, and so is anything else ("garbled": not what was published, e.g.
 * binary payloads that went through a String conversion). Thread-safe.
 */
final class EventTally {
    /** The payload of probe events: publishers send them until the path under test delivers one. */
    static final byte[] PROBE = "probe".getBytes(StandardCharsets.US_ASCII);

    private final Map<Integer, BitSet> seen = new HashMap<>();
    private long[] latencies = new long[1024];
    private int latencyCount;
    private long[] times = new long[1024];
    private int timeCount;
    private long duplicates;
    private long probes;
    private long garbled;

    /** A {@link RawEventPublisher#encode} payload (source = publisher), else a probe or garbled. */
    void recordRaw(byte[] payload) {
        long now = System.nanoTime();
        if (payload != null && payload.length == RawEventPublisher.PAYLOAD_BYTES) {
            ByteBuffer b = ByteBuffer.wrap(payload);
            int publisher = b.getInt();
            long seq = b.getLong();
            record(publisher, seq, now - b.getLong());
        } else {
            other(payload);
        }
    }

    /** A {@link KafkaRecords#text} or {@link KafkaRecords#timed} payload (source = partition), else a probe or garbled. */
    void recordText(byte[] payload) {
        long now = System.nanoTime();
        long[] ps = KafkaRecords.parse(payload == null ? "" : new String(payload, StandardCharsets.US_ASCII));
        if (ps == null) {
            other(payload);
        } else {
            record((int) ps[0], ps[1], ps[2] < 0 ? -1 : now - ps[2]);
        }
    }

    /** One event; {@code latencyNanos < 0}: none known. */
    synchronized void record(int source, long seq, long latencyNanos) {
        BitSet bits = seen.computeIfAbsent(source, s -> new BitSet());
        if (bits.get((int) seq)) {
            duplicates++;
            return;
        }
        bits.set((int) seq);
        if (timeCount == times.length) {
            times = Arrays.copyOf(times, times.length * 2);
        }
        times[timeCount++] = System.nanoTime(); // taken under the lock, so times are in order
        if (latencyNanos >= 0) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = latencyNanos;
        }
    }

    private synchronized void other(byte[] payload) {
        if (payload != null && Arrays.equals(payload, PROBE)) {
            probes++;
        } else {
            garbled++;
        }
    }

    synchronized long distinct() {
        return timeCount;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long probes() {
        return probes;
    }

    /** Payloads that were neither an event nor a probe. */
    synchronized long garbled() {
        return garbled;
    }

    /** Receive time of the first distinct event (nanoTime), 0 when none. */
    synchronized long firstAt() {
        return timeCount == 0 ? 0 : times[0];
    }

    /** Receive time of the last distinct event (nanoTime), 0 when none. */
    synchronized long lastAt() {
        return timeCount == 0 ? 0 : times[timeCount - 1];
    }

    /** Distinct events received in [from, to) (nanoTime). */
    synchronized long countBetween(long from, long to) {
        int a = lowerBound(from);
        int b = lowerBound(to);
        return b - a;
    }

    private int lowerBound(long t) {
        int lo = 0;
        int hi = timeCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Events per second in the busiest window of {@code seconds} (all of them when the events span less). */
    synchronized double bestWindowRate(double seconds) {
        if (timeCount < 2) {
            return timeCount;
        }
        long w = (long) (seconds * 1e9);
        if (times[timeCount - 1] - times[0] < w) {
            return timeCount / ((times[timeCount - 1] - times[0]) / 1e9);
        }
        int best = 0;
        for (int i = 0, j = 0; i < timeCount; i++) {
            while (times[i] - times[j] >= w) {
                j++;
            }
            best = Math.max(best, i - j + 1);
        }
        return best / seconds;
    }

    synchronized Latency latency() {
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        return Latency.of(sorted);
    }

    /**
     * Waits until {@code expected} distinct events arrived, or none arrived for {@code quietMillis}, or
     * {@code timeoutMillis} passed.
     */
    void awaitDistinct(long expected, long quietMillis, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long last = -1;
        long changedAt = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = distinct();
            if (now >= expected) {
                return;
            }
            if (now != last) {
                last = now;
                changedAt = System.nanoTime();
            } else if (System.nanoTime() - changedAt > TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Latency percentiles in milliseconds. */
    record Latency(double p50, double p99, double max, int samples) {
        static Latency of(long[] sorted) {
            if (sorted.length == 0) {
                return new Latency(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            return new Latency(pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6, sorted.length);
        }

        private static double pct(long[] sorted, double p) {
            return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))] / 1e6;
        }
    }
}
