package io.camelagents.pilot.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to this task's units (broker + subscription, see {@link SourceUnitPlanner}) through the local daemon
 * and returns the events as records: key = Pilot topic (string), value = payload (bytes), headers
 * {@code pilot.topic}, {@code pilot.broker}, {@code pilot.receivedAt}, timestamp = when the task read the event.
 * <p>
 * Delivery guarantee: Pilot brokers keep nothing and have no offsets, so coverage starts when a subscription is
 * made and pauses while it is down (daemon restart, broker restart, task moved or restarted): events published
 * meanwhile are not delivered, and nothing can replay them. While a subscription is up, every event the broker
 * forwards is returned once, in the broker's order per subscription. The source offset ({@code receivedAt}) is
 * informational only. Events still in the task's queue when the task stops are lost.
 * <p>
 * Threads: one named {@code pilot-source-<connector>-<task>-<n>} per unit reading its subscription, and one
 * {@code pilot-source-<connector>-<task>-probe} for liveness probes of remote brokers; all daemon threads, ended in
 * {@link #stop()}. {@link #poll()} waits at most {@value #POLL_WAIT_MS} ms, so Connect can always stop the task; it
 * throws {@link ConnectException} (task FAILED) once a subscription gave up reconnecting.
 */
public class PilotEventsSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(PilotEventsSourceTask.class);
    static final long POLL_WAIT_MS = 500;
    private static final long STOP_JOIN_MS = 2000;

    private PilotSourceConfig config;
    private KafkaTopicTemplate target;
    private EventQueue queue;
    private DaemonLink link;
    private ScheduledExecutorService probes;
    private final List<SubscriptionReader> readers = new ArrayList<>();
    private final AtomicReference<ConnectException> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private String name;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = PilotSourceConfig.forTask(props);
        target = config.kafkaTarget();
        name = "pilot-source-" + config.connectorName("pilot") + "-" + config.taskIndex();
        queue = new EventQueue(config.queueCapacity(), config.queueMaxBytes());
        link = new DaemonLink(config.driverOptions(), name);
        String probeThread = name + "-probe";
        probes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, probeThread);
            t.setDaemon(true);
            return t;
        });
        List<SourceUnit> units = config.taskUnits();
        for (int i = 0; i < units.size(); i++) {
            SubscriptionReader reader = new SubscriptionReader(units.get(i), link, queue, config, probes, this::giveUp,
                    name + "-" + i);
            readers.add(reader);
        }
        readers.forEach(SubscriptionReader::start);
        LOG.info("{}: started with {} unit(s): {}; records go to {}", name, units.size(), units, target);
    }

    private void giveUp(ConnectException e) {
        failure.compareAndSet(null, e);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (stopping) {
            return null;
        }
        List<ReceivedEvent> events = queue.drain(config.pollBatchMax(), POLL_WAIT_MS);
        if (events.isEmpty()) {
            ConnectException f = failure.get();
            if (f != null) {
                throw f; // only once everything read before the failure was handed over
            }
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(events.size());
        for (ReceivedEvent e : events) {
            records.add(toRecord(e));
        }
        return records;
    }

    SourceRecord toRecord(ReceivedEvent e) {
        SourceRecord r = new SourceRecord(e.unit().sourcePartition(), Map.of("receivedAt", e.receivedAt()),
                target.topicFor(e.topic()), null, Schema.STRING_SCHEMA, e.topic(), Schema.BYTES_SCHEMA, e.payload(),
                e.receivedAt());
        r.headers().addString(ConnectHeaders.TOPIC, e.topic())
                .addString(ConnectHeaders.BROKER, e.broker())
                .addLong(ConnectHeaders.RECEIVED_AT, e.receivedAt());
        return r;
    }

    @Override
    public void stop() {
        stopping = true;
        if (queue != null) {
            queue.close();
        }
        readers.forEach(SubscriptionReader::stop);
        if (link != null) {
            link.close(); // fails every dial and read still in progress
        }
        if (probes != null) {
            probes.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_JOIN_MS);
        for (SubscriptionReader r : readers) {
            try {
                r.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (r.isAlive()) {
                LOG.warn("{}: subscription thread for {} did not end within {} ms", name, r.unit(), STOP_JOIN_MS);
            }
        }
        LOG.info("{}: stopped", name);
    }

    // ---- for tests and diagnostics

    /** Subscriptions made so far, over all units (1 per unit, plus one per resubscription). */
    long subscriptions() {
        return readers.stream().mapToLong(SubscriptionReader::subscriptions).sum();
    }

    /** Invalid events skipped so far, over all units. */
    long skippedEvents() {
        return readers.stream().mapToLong(SubscriptionReader::skipped).sum();
    }

    List<SourceUnit> units() {
        return readers.stream().map(SubscriptionReader::unit).toList();
    }
}
