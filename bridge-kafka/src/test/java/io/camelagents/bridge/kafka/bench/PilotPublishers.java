package io.camelagents.bridge.kafka.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.testkit.PilotNode;
import io.camelagents.pilot.testkit.RawEventPublisher;

/**
 * N publishers at one node's broker, each a {@link RawEventPublisher} with a driver and connection of its own (as N
 * agents would publish), paced at {@code rate}/s, started together.
 */
final class PilotPublishers implements AutoCloseable {
    /** What one run offered. */
    record Published(long offered, long startedAt, long endedAt, String errors) {
        double seconds() {
            return Math.max(1, endedAt - startedAt) / 1e9;
        }
    }

    private final List<PilotDriver> drivers = new ArrayList<>();
    private final List<RawEventPublisher> publishers = new ArrayList<>();

    PilotPublishers(PilotNode node, int n, int rate) throws Exception {
        try {
            for (int i = 0; i < n; i++) {
                PilotDriver d = PilotDriver.connect(node.socketPath().toString());
                drivers.add(d);
                PilotAddress broker = d.nodeInfo().address();
                publishers.add(new RawEventPublisher(i, d, broker, rate));
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /**
     * Publishes a probe (not an event: {@link EventTally} counts it apart) on the first connection every 200 ms until
     * {@code seen}; the subscription under test is then in place end to end. Fails after {@code timeoutSeconds}.
     */
    void probeUntil(String topic, BooleanSupplier seen, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!seen.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no probe on " + topic + " arrived within " + timeoutSeconds + " s");
            }
            publishers.get(0).publishNow(topic, EventTally.PROBE);
            Thread.sleep(200);
        }
    }

    /** Each publisher sends {@code perPublisher} events to {@code topic}; returns when all are done (bounded). */
    Published publish(String topic, long perPublisher, int rate) throws InterruptedException {
        long budget = TimeUnit.SECONDS.toNanos(perPublisher / Math.max(1, rate) * 2 + 60);
        long deadline = System.nanoTime() + budget;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (RawEventPublisher p : publishers) {
            threads.add(p.startPublishing(topic, perPublisher, start, deadline));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 1000);
        }
        StringBuilder errors = new StringBuilder();
        for (RawEventPublisher p : publishers) {
            if (p.failure() != null) {
                errors.append("publisher ").append(p.index()).append(": ").append(p.failure()).append("; ");
            }
        }
        return new Published(sent(), publishers.stream().mapToLong(RawEventPublisher::startedAt).min().orElse(0),
                publishers.stream().mapToLong(RawEventPublisher::endedAt).max().orElse(0), errors.toString());
    }

    /** Events sent so far by all publishers. */
    long sent() {
        return publishers.stream().mapToLong(RawEventPublisher::sent).sum();
    }

    @Override
    public void close() {
        publishers.forEach(RawEventPublisher::close);
        for (PilotDriver d : drivers) {
            try {
                d.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
