package io.camelagents.pilot.connect.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.testkit.PilotNode;

/**
 * Raw Pilot event-stream clients for the ITs, written with the driver and {@link EventFrame} only (nothing of the
 * connectors under test): a connection to {@code <broker>:1002} whose first frame subscribes and whose later
 * frames publish.
 */
final class PilotEvents {
    /** Under the newest broker's 100 publishes/s per connection (excess is dropped silently). */
    static final int PUBLISH_RATE = 80;

    private PilotEvents() {
    }

    /** A subscriber on {@code topic} at {@code broker}, talking through {@code via}'s daemon; counts payloads as ids. */
    static Subscriber subscribe(PilotNode via, String broker, String topic) throws Exception {
        return new Subscriber(via, broker, topic);
    }

    /** A paced publisher to {@code broker} through {@code via}'s daemon (one connection, any topics). */
    static Publisher publisher(PilotNode via, String broker) throws Exception {
        return new Publisher(via, broker);
    }

    static final class Subscriber implements AutoCloseable {
        final IdCounter ids = new IdCounter();
        private final PilotDriver driver;
        private final PilotConnection conn;
        private final Thread reader;
        private final AtomicBoolean closing = new AtomicBoolean();
        private volatile Throwable failure;

        private Subscriber(PilotNode via, String broker, String topic) throws Exception {
            driver = PilotDriver.connect(via.socketPath().toString());
            try {
                conn = driver.dial(broker, EventFrame.EVENT_STREAM_PORT, Duration.ofSeconds(30));
                new EventFrame(topic, new byte[0]).writeTo(conn.getOutputStream());
            } catch (Exception e) {
                driver.close();
                throw e;
            }
            reader = new Thread(this::read, "it-subscriber-" + topic);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                InputStream in = conn.getInputStream();
                EventFrame f;
                while ((f = EventFrame.readFrom(in, EventFrame.MAX_PAYLOAD_BYTES)) != null) {
                    ids.add(new String(f.payload(), StandardCharsets.UTF_8));
                }
            } catch (Throwable t) {
                if (!closing.get()) {
                    failure = t;
                }
            }
        }

        /** The reader's error, if the connection broke (null while healthy). */
        Throwable failure() {
            return failure;
        }

        /**
         * Pilot does not acknowledge subscriptions: publishes {@code probe-N} on the topic (through
         * {@code publisher}) until one arrives here, so events published afterwards are not lost to a subscription
         * the broker has not registered yet.
         */
        void confirm(Publisher publisher, String topic, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int n = 0; ids.distinct("probe-") == 0; n++) {
                if (failure != null) {
                    throw new IllegalStateException("subscriber broke before its subscription was confirmed", failure);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("subscription to " + topic + " not confirmed within " + timeout.toSeconds() + " s");
                }
                publisher.publish(topic, "probe-" + n);
                awaitBounded(() -> ids.distinct("probe-") > 0, Duration.ofMillis(500));
            }
        }

        @Override
        public void close() {
            closing.set(true);
            conn.closeInBackground();
            driver.close();
        }
    }

    static final class Publisher implements AutoCloseable {
        private final PilotDriver driver;
        private final PilotConnection conn;
        private final OutputStream out;
        private final long intervalNanos = TimeUnit.SECONDS.toNanos(1) / PUBLISH_RATE;
        private long next = System.nanoTime();

        private Publisher(PilotNode via, String broker) throws Exception {
            driver = PilotDriver.connect(via.socketPath().toString());
            try {
                conn = driver.dial(broker, EventFrame.EVENT_STREAM_PORT, Duration.ofSeconds(30));
                out = conn.getOutputStream();
                // the first frame of a connection subscribes; this one is never published to
                new EventFrame("it.publisher.unused", new byte[0]).writeTo(out);
            } catch (Exception e) {
                driver.close();
                throw e;
            }
        }

        /** Publishes one event, paced to {@link #PUBLISH_RATE} per second. */
        synchronized void publish(String topic, String payload) throws IOException {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing, not waiting for a condition
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            next = Math.max(next, System.nanoTime() - intervalNanos) + intervalNanos;
            new EventFrame(topic, payload.getBytes(StandardCharsets.UTF_8)).writeTo(out);
        }

        @Override
        public void close() {
            conn.closeInBackground();
            driver.close();
        }
    }

    /** Polls a condition for at most {@code timeout}; returns whether it became true. */
    static boolean awaitBounded(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
