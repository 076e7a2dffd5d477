package io.camelagents.pilot.connect;

import java.util.Map;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** The least a source task gets from a worker: its config; Pilot has no offsets to read back. */
final class TestSourceTaskContext implements SourceTaskContext {
    private final Map<String, String> configs;

    TestSourceTaskContext(Map<String, String> configs) {
        this.configs = Map.copyOf(configs);
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        throw new UnsupportedOperationException("the Pilot source never reads offsets back");
    }

    @Override
    public PluginMetrics pluginMetrics() {
        throw new UnsupportedOperationException("no plugin metrics in tests");
    }
}
