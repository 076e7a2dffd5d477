package io.camelagents.mcp.metrics;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link McpMetrics} recorded as Micrometer meters. The only mcp class that names Micrometer types; loaded only when
 * micrometer-core is on the classpath ({@link MetricsBinding}). Tool tags are capped at {@link #MAX_TOOL_TAGS}
 * distinct values (tool names may come from a header), error types and servers likewise; later values count under
 * {@code other}.
 */
public final class MicrometerMcpMetrics implements McpMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(MicrometerMcpMetrics.class);

    public static final int MAX_TOOL_TAGS = 200;
    static final int MAX_SERVER_TAGS = 100;
    static final int MAX_ERROR_TYPE_TAGS = 50;

    private final MeterRegistry registry;
    private final BoundedTagValues servers = new BoundedTagValues(MAX_SERVER_TAGS);
    private final BoundedTagValues tools;
    private final BoundedTagValues errorTypes = new BoundedTagValues(MAX_ERROR_TYPE_TAGS);
    private final Map<CallKey, Timer> calls = new ConcurrentHashMap<>();
    private final Map<ErrorKey, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> restarts = new ConcurrentHashMap<>();

    private record CallKey(String server, String tool, String outcome) {
    }

    private record ErrorKey(String server, String type) {
    }

    public MicrometerMcpMetrics(MeterRegistry registry) {
        this(registry, MAX_TOOL_TAGS);
    }

    MicrometerMcpMetrics(MeterRegistry registry, int maxToolTags) {
        this.registry = registry;
        this.tools = new BoundedTagValues(maxToolTags);
    }

    /**
     * Meters in the MeterRegistry of the Camel registry: the only one, or the composite one when there are several
     * (Spring Boot's); {@link McpMetrics#NONE} when there is none or no single choice.
     */
    static McpMetrics fromRegistry(Registry camelRegistry) {
        MeterRegistry registry = single(camelRegistry.findByType(MeterRegistry.class));
        return registry == null ? McpMetrics.NONE : new MicrometerMcpMetrics(registry);
    }

    static MeterRegistry single(Set<MeterRegistry> found) {
        if (found.size() == 1) {
            return found.iterator().next();
        }
        if (found.size() > 1) {
            Set<MeterRegistry> composites = new HashSet<>();
            for (MeterRegistry r : found) {
                if (r instanceof CompositeMeterRegistry) {
                    composites.add(r);
                }
            }
            if (composites.size() == 1) {
                return composites.iterator().next();
            }
            LOG.warn("{} MeterRegistry beans in the Camel registry and no single composite one: meters are not recorded",
                    found.size());
        }
        return null;
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void callCompleted(String server, String tool, long nanos, String errorType) {
        String s = servers.of(server);
        CallKey key = new CallKey(s, tools.of(tool), errorType == null ? "ok" : "error");
        calls.computeIfAbsent(key, k -> Timer.builder("mcp.calls")
                .description("MCP requests by server and tool (tool name, or the operation for other requests)")
                .tag("server", k.server()).tag("tool", k.tool()).tag("outcome", k.outcome())
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        if (errorType != null) {
            errors.computeIfAbsent(new ErrorKey(s, errorTypes.of(errorType)), k -> Counter.builder("mcp.errors")
                    .description("Failed MCP requests by error type (tool_error or the exception's simple class name)")
                    .tag("server", k.server()).tag("type", k.type())
                    .register(registry)).increment();
        }
    }

    @Override
    public void serverRestarted(String server) {
        restarts.computeIfAbsent(servers.of(server), s -> Counter.builder("mcp.server.restarts")
                .description("Times the component restarted an MCP server (new child process or HTTP session)")
                .tag("server", s).register(registry)).increment();
    }
}
