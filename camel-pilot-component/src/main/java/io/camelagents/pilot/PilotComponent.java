package io.camelagents.pilot;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.metrics.MetricsBinding;
import io.camelagents.pilot.metrics.PilotMetrics;
import org.apache.camel.Endpoint;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code pilot:} component: endpoints for a Pilot Protocol node's event stream, tasks, data exchange, raw
 * streams and datagrams, and trust administration, all through the local daemon's IPC socket.
 */
@Component("pilot")
@ManagedResource(description = "Pilot Protocol component: daemon sockets, subscriptions, bound ports, reconnect state")
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

    /** The clients by socket path ("" for the default socket), for status reports. */
    Map<String, PilotClient> clients() {
        return clients;
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

    // JMX attributes (camel-management shows them on the component's MBean); the same facts as the pilot dev console.

    @ManagedAttribute(description = "Daemon sockets in use, with connection state, daemon generation and node address")
    public String getDaemons() {
        return PilotStatus.daemons(this).toString();
    }

    @ManagedAttribute(description = "Daemon generation of each connected daemon (e.g. NEWEST)")
    public String getDaemonGenerations() {
        return PilotStatus.daemons(this).stream().filter(d -> d.containsKey("generation"))
                .map(d -> d.get("socket") + "=" + d.get("generation")).collect(java.util.stream.Collectors.joining(", "));
    }

    @ManagedAttribute(description = "Event subscriptions of the pilot:events consumers (topic pattern @ broker)")
    public String getSubscriptions() {
        return joined("subscription");
    }

    @ManagedAttribute(description = "Pilot ports the consumers bind (task service, stream and datagram ports)")
    public String getBoundPorts() {
        return joined("boundPort");
    }

    @ManagedAttribute(description = "Reconnect state of each consumer: route id, state (SERVING, RECONNECTING, ...) and sessions")
    public String getReconnectStates() {
        return PilotStatus.consumers(this).stream().map(c -> c.get("routeId") + "=" + c.get("state") + "/sessions " + c.get("sessions"))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    @ManagedAttribute(description = "Consumer reconnects since they started (sessions after the first)")
    public long getReconnects() {
        return PilotStatus.consumers(this).stream().mapToLong(c -> (Long) c.get("reconnects")).sum();
    }

    private String joined(String fact) {
        return PilotStatus.consumers(this).stream().filter(c -> c.containsKey(fact)).map(c -> c.get("routeId") + "=" + c.get(fact))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public PilotConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(PilotConfiguration configuration) {
        this.configuration = configuration;
    }
}
