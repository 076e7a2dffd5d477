package io.camelagents.pilot;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.metrics.MetricsBinding;
import io.camelagents.pilot.metrics.PilotMetrics;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code pilot:} component: endpoints for a Pilot Protocol node's event stream, tasks, data exchange, raw
 * streams and datagrams, and trust administration, all through the local daemon's IPC socket.
 */
@Component("pilot")
public class PilotComponent extends HealthCheckComponent {

    @Metadata(description = "Default options of every pilot endpoint (socket path, timeouts, reconnect backoff, ...); endpoint options override them.")
    private PilotConfiguration configuration = new PilotConfiguration();

    /** One client (driver) per socket path, shared by endpoints. */
    private final Map<String, PilotClient> clients = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile PilotMetrics metrics = PilotMetrics.NONE;

    public PilotComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PilotConfiguration config = configuration.copy();
        PilotEndpoint endpoint = new PilotEndpoint(uri, this, config);
        String[] parts = remaining.split(":", -1);
        PilotKind kind;
        try {
            kind = PilotKind.valueOf(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown pilot endpoint kind '" + parts[0] + "' in " + uri
                    + ": use pilot:events, pilot:task, pilot:data, pilot:stream:<port>, pilot:datagram:<port> or pilot:admin");
        }
        endpoint.setKind(kind);
        if (kind == PilotKind.stream || kind == PilotKind.datagram) {
            if (parts.length != 2 || parts[1].isEmpty()) {
                throw new IllegalArgumentException("pilot:" + kind + " needs a port: pilot:" + kind + ":<port>, e.g. pilot:" + kind + ":5000");
            }
            try {
                endpoint.setPort(PilotSocketAddress.checkPort(Integer.parseInt(parts[1])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pilot:" + kind + " port '" + parts[1] + "' is not a number 1..65535");
            }
        } else if (parts.length > 1) {
            throw new IllegalArgumentException("pilot:" + kind + " takes no path after the kind, got '" + remaining + "'");
        }
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    PilotClient client(PilotConfiguration config) {
        String key = config.getSocketPath() == null ? "" : config.getSocketPath();
        return clients.computeIfAbsent(key, k -> new PilotClient(config.getSocketPath(),
                Duration.ofMillis(config.getRequestTimeout()), Duration.ofMillis(config.getDialTimeout()),
                r -> getCamelContext().getExecutorServiceManager().newThread("PilotIpc", r)));
    }

    /** Small shared scheduler for periodic checks (broker liveness probes). */
    public synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "PilotScheduler", 1);
        }
        return scheduler;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Before any endpoint's consumer or producer starts (Camel starts components first).
        metrics = MetricsBinding.lookup(getCamelContext());
    }

    @Override
    protected void doStop() throws Exception {
        for (PilotClient c : clients.values()) {
            c.close();
        }
        clients.clear();
        synchronized (this) {
            if (scheduler != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(scheduler);
                scheduler = null;
            }
        }
        metrics = PilotMetrics.NONE;
        super.doStop();
    }

    /** The meters endpoints record to; {@link PilotMetrics#NONE} unless a MeterRegistry was bound. */
    public PilotMetrics metrics() {
        return metrics;
    }

    public PilotConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(PilotConfiguration configuration) {
        this.configuration = configuration;
    }
}
