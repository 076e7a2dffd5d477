package io.camelagents.pilot.connect.bench;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.testkit.RawEventPublisher;

/**
 * One raw subscriber connection at a broker's port 1002 (the first frame subscribes to {@code topic}), read on a
 * thread of its own. Events carrying a {@link RawEventPublisher#encode} payload are counted per publisher (distinct
 * sequence numbers and duplicates) with their latency (receive nanoTime minus send nanoTime: same JVM); a
 * {@link KafkaPayload} (pre-produced Kafka records, published by a sink or route) is counted per partition, without
 * latency. Any other payload goes to {@code other} (probes).
 */
public final class RawEventSubscriber implements AutoCloseable {
    private final PilotConnection conn;
    private final Thread reader;
    private final ConcurrentHashMap<Integer, BitSet> seen = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private long[] latencies;
    private int latencyCount;
    private long[] times = new long[1024];
    private int timeCount;
    private long distinct;
    private long duplicates;
    private volatile long firstAt;
    private volatile long lastAt;
    private volatile long otherCount;
    private volatile Throwable failure;

    public RawEventSubscriber(PilotDriver driver, PilotAddress broker, String topic, int expectedSamples,
            Consumer<EventFrame> other) throws Exception {
        this.latencies = new long[Math.max(1024, expectedSamples)];
        this.conn = driver.dial(new PilotSocketAddress(broker, EventFrame.EVENT_STREAM_PORT), Duration.ofSeconds(30));
        new EventFrame(topic, new byte[0]).writeTo(conn.getOutputStream());
        InputStream in = new BufferedInputStream(conn.getInputStream(), 1 << 16);
        this.reader = new Thread(() -> {
            try {
                EventFrame f;
                while ((f = EventFrame.readFrom(in, 1 << 20)) != null) {
                    long now = System.nanoTime();
                    long[] text = KafkaPayload.parse(f.payload());
                    if (f.payload().length == RawEventPublisher.PAYLOAD_BYTES) {
                        ByteBuffer b = ByteBuffer.wrap(f.payload());
                        record(b.getInt(), b.getLong(), now - b.getLong(), now);
                    } else if (text != null) {
                        record((int) text[0], text[1], -1, now); // from a Kafka record: no send time
                    } else {
                        otherCount++;
                        if (other != null) {
                            other.accept(f);
                        }
                    }
                }
            } catch (Throwable e) {
                if (conn.isOpen()) {
                    failure = e;
                }
            }
        }, "bench-sub-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    private void record(int publisher, long seq, long latency, long now) {
        synchronized (lock) {
            BitSet bits = seen.computeIfAbsent(publisher, p -> new BitSet());
            if (seq < 0 || seq > Integer.MAX_VALUE) {
                return;
            }
            if (bits.get((int) seq)) {
                duplicates++;
                return;
            }
            bits.set((int) seq);
            distinct++;
            if (firstAt == 0) {
                firstAt = now;
            }
            lastAt = now;
            if (timeCount == times.length && times.length < 50_000_000) {
                times = Arrays.copyOf(times, times.length * 2);
            }
            if (timeCount < times.length) {
                times[timeCount++] = now;
            }
            if (latency < 0) {
                return;
            }
            if (latencyCount == latencies.length && latencies.length < 50_000_000) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            if (latencyCount < latencies.length) {
                latencies[latencyCount++] = latency;
            }
        }
    }

    public long distinct() {
        synchronized (lock) {
            return distinct;
        }
    }

    public long duplicates() {
        synchronized (lock) {
            return duplicates;
        }
    }

    /** Copy of the latency samples (nanoseconds), unsorted. */
    public long[] latencies() {
        synchronized (lock) {
            return Arrays.copyOf(latencies, latencyCount);
        }
    }

    /** Distinct events received per second since {@code origin} (nanoTime), as text "n n n ...". */
    public String perSecond(long origin) {
        synchronized (lock) {
            if (timeCount == 0) {
                return "-";
            }
            int secs = (int) Math.max(1, (times[timeCount - 1] - origin) / 1_000_000_000L + 1);
            int[] per = new int[Math.min(secs, 100_000)];
            for (int i = 0; i < timeCount; i++) {
                long s = (times[i] - origin) / 1_000_000_000L;
                if (s >= 0 && s < per.length) {
                    per[(int) s]++;
                }
            }
            StringBuilder b = new StringBuilder();
            for (int v : per) {
                b.append(b.length() == 0 ? "" : " ").append(v);
            }
            return b.toString();
        }
    }

    /** The highest rate over any {@code windowSeconds}-long window of receive times (events per second). */
    public double bestWindowRate(double windowSeconds) {
        synchronized (lock) {
            long w = (long) (windowSeconds * 1e9);
            if (timeCount == 0) {
                return 0;
            }
            if (times[timeCount - 1] - times[0] < w) {
                return timeCount / Math.max(1e-3, (times[timeCount - 1] - times[0]) / 1e9);
            }
            int best = 0;
            int j = 0;
            for (int i = 0; i < timeCount; i++) {
                while (times[i] - times[j] >= w) {
                    j++;
                }
                best = Math.max(best, i - j + 1);
            }
            return best / windowSeconds;
        }
    }

    public long firstAt() {
        return firstAt;
    }

    public long lastAt() {
        return lastAt;
    }

    public long otherCount() {
        return otherCount;
    }

    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        try {
            conn.close();
        } catch (Exception ignored) {
            // best effort
        }
        reader.interrupt();
    }
}
