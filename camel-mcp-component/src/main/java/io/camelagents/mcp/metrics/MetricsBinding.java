package io.camelagents.mcp.metrics;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the meter registry for the component when it starts. Free of Micrometer types: the Micrometer classes are
 * touched only after checking that Micrometer is on the classpath, so the component runs without it.
 */
public final class MetricsBinding {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsBinding.class);
    static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private MetricsBinding() {
    }

    /** True when micrometer-core can be loaded by the component's class loader. */
    public static boolean micrometerPresent() {
        try {
            Class.forName(METER_REGISTRY, false, MetricsBinding.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Meters in the single MeterRegistry of the Camel registry, or {@link McpMetrics#NONE} without Micrometer or a registry. */
    public static McpMetrics lookup(CamelContext context) {
        if (!micrometerPresent()) {
            return McpMetrics.NONE;
        }
        McpMetrics metrics = MicrometerMcpMetrics.fromRegistry(context.getRegistry());
        if (metrics != McpMetrics.NONE) {
            LOG.info("mcp meters are recorded to the MeterRegistry of the Camel registry");
        }
        return metrics;
    }
}
