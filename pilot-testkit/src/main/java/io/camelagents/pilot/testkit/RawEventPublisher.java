package io.camelagents.pilot.testkit;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.protocol.PublishPacer;

/**
 * One raw publisher connection to a broker's port 1002, paced exactly like {@code PilotEventsProducer}: the first
 * frame subscribes to an unused topic, every later frame publishes, spaced by the same {@link PublishPacer}. The payload is {@link #encode}: publisher index, sequence, send nanoTime.
 */
public final class RawEventPublisher implements AutoCloseable {
    public static final int PAYLOAD_BYTES = 20;

    private final int index;
    private final PilotConnection conn;
    private final int ratePerSecond;
    private volatile long sent;
    private volatile long startedAt;
    private volatile long endedAt;
    private volatile Throwable failure;

    public RawEventPublisher(int index, PilotDriver driver, PilotAddress broker, int ratePerSecond) throws Exception {
        this.index = index;
        this.ratePerSecond = ratePerSecond;
        this.conn = driver.dial(new PilotSocketAddress(broker, EventFrame.EVENT_STREAM_PORT), Duration.ofSeconds(30));
        new EventFrame("bench.publisher." + index + "." + Long.toHexString(System.nanoTime()), new byte[0]).writeTo(conn.getOutputStream());
    }

    public static byte[] encode(int publisher, long seq, long nanos) {
        return ByteBuffer.allocate(PAYLOAD_BYTES).putInt(publisher).putLong(seq).putLong(nanos).array();
    }

    /** Publishes {@code count} events to {@code topic} on a thread of its own after {@code start} opens. */
    public Thread startPublishing(String topic, long count, CountDownLatch start, long deadlineNanos) {
        Thread t = new Thread(() -> {
            try {
                start.await();
                startedAt = System.nanoTime();
                PublishPacer pacer = new PublishPacer(ratePerSecond);
                for (long seq = 0; seq < count && System.nanoTime() < deadlineNanos; seq++) {
                    pacer.await();
                    new EventFrame(topic, encode(index, seq, System.nanoTime())).writeTo(conn.getOutputStream());
                    sent = seq + 1;
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                endedAt = System.nanoTime();
            }
        }, "bench-pub-" + index);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Writes one frame now (probes). */
    public void publishNow(String topic, byte[] payload) throws Exception {
        new EventFrame(topic, payload).writeTo(conn.getOutputStream());
    }

    public int index() {
        return index;
    }

    public long sent() {
        return sent;
    }

    public long startedAt() {
        return startedAt;
    }

    public long endedAt() {
        return endedAt;
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
    }
}
