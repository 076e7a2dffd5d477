package io.camelagents.pilot.connect;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.source.SourceRecord;

/** Calls {@code poll()} in a loop on its own thread, as a Connect worker does, and keeps what it returns. */
final class SourcePoller implements AutoCloseable {
    final List<SourceRecord> records = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final PilotEventsSourceTask task;
    private final Thread thread;
    private volatile boolean running = true;

    SourcePoller(PilotEventsSourceTask task) {
        this.task = task;
        this.thread = new Thread(this::loop, "test-source-poller");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    records.addAll(batch);
                }
            } catch (Throwable t) {
                failure.set(t);
                return;
            }
        }
    }

    static String payload(SourceRecord r) {
        return new String((byte[]) r.value(), StandardCharsets.UTF_8);
    }

    boolean hasPayload(String payload) {
        return records.stream().anyMatch(r -> payload(r).equals(payload));
    }

    List<SourceRecord> withPayload(String payload) {
        return records.stream().filter(r -> payload(r).equals(payload)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
