package io.camelagents.pilot.connect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A sink task's view of a worker: config, the timeout the task asks for, and an errant-record reporter that
 * records what it is given (or none, like a worker without one).
 */
final class TestSinkTaskContext implements SinkTaskContext {
    private final Map<String, String> configs;
    private final Reporter reporter;
    volatile long timeoutMs = -1;

    TestSinkTaskContext(Map<String, String> configs, boolean withReporter) {
        this.configs = Map.copyOf(configs);
        this.reporter = withReporter ? new Reporter() : null;
    }

    /** The reported records and the errors they came with. */
    static final class Reporter implements ErrantRecordReporter {
        final List<SinkRecord> records = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Future<Void> report(SinkRecord record, Throwable error) {
            records.add(record);
            errors.add(error);
            return CompletableFuture.completedFuture(null);
        }
    }

    Reporter reporter() {
        return reporter;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return reporter;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        throw new UnsupportedOperationException("the Pilot sink never rewinds");
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        throw new UnsupportedOperationException("the Pilot sink never rewinds");
    }

    @Override
    public void timeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
        throw new UnsupportedOperationException("the Pilot sink never pauses");
    }

    @Override
    public void resume(TopicPartition... partitions) {
        throw new UnsupportedOperationException("the Pilot sink never pauses");
    }

    @Override
    public void requestCommit() {
        throw new UnsupportedOperationException("the Pilot sink never requests commits");
    }

    @Override
    public PluginMetrics pluginMetrics() {
        throw new UnsupportedOperationException("no plugin metrics in tests");
    }
}
