package io.camelagents.pilot.connect.it;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelagents.pilot.connect.it.PilotEvents.Publisher;

/**
 * Publishes {@code <prefix>-0, -1, ...} round-robin on several topics, paced, on a background thread until closed,
 * so a test can tell which ids were published before or after a fault. Topic {@code i} gets ids
 * {@code <prefix><i>-<n>}.
 */
final class PacedPublishing implements AutoCloseable {
    private final Publisher publisher;
    private final List<String> topics;
    private final String prefix;
    private final AtomicInteger[] published;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile Throwable failure;

    PacedPublishing(Publisher publisher, List<String> topics, String prefix) {
        this.publisher = publisher;
        this.topics = List.copyOf(topics);
        this.prefix = prefix;
        this.published = new AtomicInteger[topics.size()];
        for (int i = 0; i < published.length; i++) {
            published[i] = new AtomicInteger();
        }
        thread = new Thread(this::run, "it-paced-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            for (int n = 0; !stop.get(); n++) {
                for (int t = 0; t < topics.size() && !stop.get(); t++) {
                    publisher.publish(topics.get(t), id(t, n));
                    published[t].set(n + 1);
                }
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    String id(int topic, int n) {
        return prefix + topic + "-" + n;
    }

    /** Ids published so far on topic {@code t} (they are 0 .. count-1). */
    int published(int topic) {
        return published[topic].get();
    }

    /** The index of an id of topic {@code t}, or -1 if it is not one. */
    int index(int topic, String id) {
        String p = prefix + topic + "-";
        return id.startsWith(p) ? Integer.parseInt(id.substring(p.length())) : -1;
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
