package io.camelagents.mcp.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The Micrometer meters of each McpMetrics call, and the cap on tool tag values. */
class MicrometerMcpMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMcpMetrics metrics = new MicrometerMcpMetrics(registry);

    @Test
    void callsByOutcomeAndErrorsByType() {
        metrics.callCompleted("fs", "read_file", TimeUnit.MILLISECONDS.toNanos(5), null);
        metrics.callCompleted("fs", "read_file", TimeUnit.MILLISECONDS.toNanos(7), null);
        metrics.callCompleted("fs", "read_file", TimeUnit.MILLISECONDS.toNanos(500), "McpTimeoutException");
        metrics.callCompleted("fs", "write_file", TimeUnit.MILLISECONDS.toNanos(3), "tool_error");
        Timer ok = registry.find("mcp.calls").tags("server", "fs", "tool", "read_file", "outcome", "ok").timer();
        assertEquals(2, ok.count());
        assertEquals(12, ok.totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, registry.find("mcp.calls").tags("server", "fs", "tool", "read_file", "outcome", "error").timer().count());
        assertEquals(1, registry.find("mcp.errors").tags("server", "fs", "type", "McpTimeoutException").counter().count());
        assertEquals(1, registry.find("mcp.errors").tags("server", "fs", "type", "tool_error").counter().count());
        assertNull(registry.find("mcp.errors").tags("type", "ok").counter());
    }

    @Test
    void theOnlyRegistryOrTheSingleCompositeIsChosen() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        io.micrometer.core.instrument.composite.CompositeMeterRegistry composite =
                new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
        assertEquals(registry, MicrometerMcpMetrics.single(java.util.Set.of(registry)));
        assertEquals(composite, MicrometerMcpMetrics.single(java.util.Set.of(registry, other, composite)));
        assertNull(MicrometerMcpMetrics.single(java.util.Set.of(registry, other)), "no single choice: nothing recorded");
        assertNull(MicrometerMcpMetrics.single(java.util.Set.of()));
    }

    @Test
    void restartsByServer() {
        metrics.serverRestarted("db");
        metrics.serverRestarted("db");
        assertEquals(2, registry.find("mcp.server.restarts").tag("server", "db").counter().count());
    }

    @Test
    void atMost200ToolTagValuesThenOther() {
        for (int i = 0; i < 230; i++) {
            metrics.callCompleted("s", "tool_" + i, 1000, null);
        }
        assertEquals(MicrometerMcpMetrics.MAX_TOOL_TAGS + 1, registry.find("mcp.calls").timers().size());
        assertEquals(30, registry.find("mcp.calls").tag("tool", BoundedTagValues.OTHER).timer().count());
    }
}
