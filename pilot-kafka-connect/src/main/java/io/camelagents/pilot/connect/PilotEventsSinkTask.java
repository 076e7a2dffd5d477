package io.camelagents.pilot.connect;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.camelagents.pilot.protocol.EventPublisher;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each record as a Pilot event on one paced connection to the broker ({@link EventPublisher}); topic and
 * payload as {@link SinkEventMapper} says.
 * <p>
 * Delivery guarantee: at least once up to the local daemon. {@link #put} returns only after every record was
 * written to the daemon or handed to the errant-record reporter (and the reporter confirmed it), and
 * {@link #preCommit} returns only offsets of such records, so Connect never commits a record that was not
 * published. When the daemon goes away, {@code put} throws {@link RetriableException} after closing the
 * connection; Connect redelivers the batch after the backoff ({@code context.timeout}) and the task reconnects, so
 * records of that batch written before the failure are published again: subscribers can see duplicates. After
 * {@code pilot.reconnect.timeout.ms} without a daemon the task fails. Beyond the daemon nothing is acknowledged:
 * an event the daemon accepted just before it stopped, or that a broker dropped, is lost without anyone knowing;
 * Pilot has no publish acknowledgement.
 * <p>
 * Records that cannot be events (no or invalid topic, null or non-binary value, too large) go to the
 * errant-record reporter (configure {@code errors.tolerance=all} and a dead-letter queue to keep them); without a
 * reporter the task fails rather than skip them silently.
 */
public class PilotEventsSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(PilotEventsSinkTask.class);
    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(30);

    private PilotSinkConfig config;
    private SinkEventMapper mapper;
    private DaemonLink link;
    private EventPublisher publisher;
    private Backoff backoff;
    private ErrantRecordReporter reporter;
    private String name;
    /** Per original partition, the offset after the last record published or reported: what may be committed. */
    private final Map<TopicPartition, Long> done = new HashMap<>();
    private long published;
    private long errant;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = PilotSinkConfig.forTask(props);
        name = "pilot-sink-" + config.connectorName("pilot") + "-" + config.taskIndex();
        mapper = new SinkEventMapper(config);
        link = new DaemonLink(config.driverOptions(), name);
        publisher = new EventPublisher(d -> DaemonLink.brokerAddress(d, config.broker()), config.publishRate(), DIAL_TIMEOUT, name);
        backoff = config.newBackoff();
        reporter = errantRecordReporter();
        LOG.info("{}: started; publishing to {} at up to {}/s", name,
                config.broker().isEmpty() ? "the local broker" : "broker " + config.broker(), config.publishRate());
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context == null ? null : context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Future<Void>> reports = new ArrayList<>();
        try {
            for (SinkRecord r : records) {
                SinkEventMapper.Result result = mapper.map(r);
                if (result instanceof SinkEventMapper.Errant e) {
                    reports.add(reportErrant(r, e.reason()));
                } else {
                    publisher.publish(link.driver(), ((SinkEventMapper.Event) result).frame());
                    published++;
                }
                markDone(r);
            }
        } catch (IOException e) {
            throw daemonLost(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException(name + ": interrupted while publishing", e);
        }
        awaitReports(reports);
        backoff.succeeded();
    }

    private Future<Void> reportErrant(SinkRecord r, String reason) {
        errant++;
        DataException error = new DataException(name + ": record " + r.originalTopic() + "-" + r.originalKafkaPartition()
                + "@" + r.originalKafkaOffset() + " cannot be published: " + reason);
        if (reporter == null) {
            throw new ConnectException(error.getMessage() + "; this worker gives the task no errant-record reporter, so the"
                    + " task stops instead of skipping it (set errors.tolerance=all and errors.deadletterqueue.topic.name"
                    + " to keep such records)", error);
        }
        return reporter.report(r, error);
    }

    /** Errant records count as handled only once the reporter (e.g. the dead-letter queue) has them. */
    private void awaitReports(List<Future<Void>> reports) {
        for (Future<Void> f : reports) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new ConnectException(name + ": the errant-record reporter failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException(name + ": interrupted while waiting for the errant-record reporter", e);
            }
        }
    }

    private void markDone(SinkRecord r) {
        done.merge(new TopicPartition(r.originalTopic(), r.originalKafkaPartition()), r.originalKafkaOffset() + 1, Math::max);
    }

    /** Closes the connection; Connect redelivers after the backoff, or the task fails once the timeout passed. */
    private RuntimeException daemonLost(IOException e) {
        publisher.close();
        long delay = backoff.failed();
        if (backoff.exhausted()) {
            return new ConnectException(name + ": gave up after " + backoff.failingForMillis() + " ms without a working"
                    + " connection to the daemon and broker (" + PilotConnectConfig.RECONNECT_TIMEOUT_MS + "); last error: "
                    + e.getMessage(), e);
        }
        LOG.warn("{}: publishing failed ({}); Connect redelivers the batch in {} ms", name, e.getMessage(), delay);
        if (context != null) {
            context.timeout(delay);
        }
        return new RetriableException(name + ": publishing failed: " + e.getMessage(), e);
    }

    /** Everything put() accepted is already with the daemon: nothing to flush. */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // put() writes synchronously
    }

    /** Only offsets of records that were published (written to the daemon) or reported as errant. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            Long next = done.get(tp);
            if (next != null) {
                out.put(tp, new OffsetAndMetadata(next));
            }
        }
        return out;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        partitions.forEach(done::remove);
    }

    @Override
    public void stop() {
        if (publisher != null) {
            publisher.close();
        }
        if (link != null) {
            link.close();
        }
        LOG.info("{}: stopped after {} published and {} errant record(s)", name, published, errant);
    }

    // ---- for tests and diagnostics

    long published() {
        return published;
    }

    long errant() {
        return errant;
    }

    long connectionsOpened() {
        return publisher.connectionsOpened();
    }
}
