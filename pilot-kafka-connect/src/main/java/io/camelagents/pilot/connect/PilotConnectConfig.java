package io.camelagents.pilot.connect;

import java.time.Duration;
import java.util.Map;

import io.camelagents.pilot.driver.PilotDriverOptions;
import io.camelagents.pilot.protocol.EventFrame;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Options both connectors share: where the local daemon is, how long to keep trying without it, event size. */
public abstract class PilotConnectConfig extends AbstractConfig {
    public static final String SOCKET_PATH = "pilot.socket.path";
    public static final String RECONNECT_BACKOFF_MS = "pilot.reconnect.backoff.ms";
    public static final String RECONNECT_BACKOFF_MAX_MS = "pilot.reconnect.backoff.max.ms";
    public static final String RECONNECT_TIMEOUT_MS = "pilot.reconnect.timeout.ms";
    public static final String MAX_EVENT_BYTES = "pilot.max.event.bytes";
    /** Internal: the task's number, set by the connector, for thread names and logs. */
    public static final String TASK_INDEX = "pilot.task.index";

    static final String GROUP_DAEMON = "Pilot daemon";
    static final String GROUP_EVENTS = "Pilot events";
    static final String GROUP_KAFKA = "Kafka";

    protected PilotConnectConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props);
    }

    /** The common options, to which each connector adds its own. */
    static ConfigDef commonDefinition() {
        return new ConfigDef()
                .define(SOCKET_PATH, Type.STRING, "", ConfigChecks.validator(ConfigChecks::socketPath,
                                "empty, or an absolute path of at most " + ConfigChecks.MAX_SOCKET_PATH_BYTES + " bytes"),
                        Importance.HIGH,
                        "IPC socket of the Pilot daemon on the worker that runs the task. Empty: the driver's own lookup,"
                                + " as pilotctl does it (PILOT_SOCKET in the worker's environment, then 'socket' in"
                                + " ~/.pilot/config.json, then $XDG_RUNTIME_DIR/pilot.sock, then /tmp/pilot.sock). The"
                                + " socket file may appear later (the daemon creates it once registered), but its"
                                + " directory must exist when the connector is created.",
                        GROUP_DAEMON, 1, Width.LONG, "Daemon socket path")
                .define(RECONNECT_BACKOFF_MS, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
                        "First wait in milliseconds before trying again after the daemon (or a broker connection) was"
                                + " lost; doubles after each failed attempt up to " + RECONNECT_BACKOFF_MAX_MS + ".",
                        GROUP_DAEMON, 2, Width.SHORT, "Reconnect backoff (ms)")
                .define(RECONNECT_BACKOFF_MAX_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                        "Longest wait in milliseconds between two reconnect attempts.",
                        GROUP_DAEMON, 3, Width.SHORT, "Reconnect backoff max (ms)")
                .define(RECONNECT_TIMEOUT_MS, Type.LONG, 300_000L, Range.atLeast(1), Importance.MEDIUM,
                        "How long in milliseconds a task keeps trying to reach its daemon (and, through it, its broker)"
                                + " before it gives up: the task then FAILS with the last error in its Connect status"
                                + " and must be restarted (REST: POST /connectors/<name>/tasks/<id>/restart).",
                        GROUP_DAEMON, 4, Width.SHORT, "Give up after (ms)")
                .define(MAX_EVENT_BYTES, Type.INT, 1024 * 1024, Range.between(0, EventFrame.MAX_PAYLOAD_BYTES),
                        Importance.MEDIUM,
                        "Largest event payload in bytes. Source: larger events from a broker are skipped (and counted),"
                                + " never buffered. Sink: a larger record value goes to the errant-record reporter. At"
                                + " most 16 MiB, the brokers' limit.",
                        GROUP_EVENTS, 1, Width.SHORT, "Max event bytes");
    }

    public String socketPath() {
        return getString(SOCKET_PATH);
    }

    public Duration reconnectBackoff() {
        return Duration.ofMillis(getLong(RECONNECT_BACKOFF_MS));
    }

    public Duration reconnectBackoffMax() {
        return Duration.ofMillis(Math.max(getLong(RECONNECT_BACKOFF_MS), getLong(RECONNECT_BACKOFF_MAX_MS)));
    }

    public Duration reconnectTimeout() {
        return Duration.ofMillis(getLong(RECONNECT_TIMEOUT_MS));
    }

    public int maxEventBytes() {
        return getInt(MAX_EVENT_BYTES);
    }

    /** Driver options for this config: the socket (null = discovery); Info and other requests time out in 10 s. */
    int taskIndex() {
        return getInt(TASK_INDEX);
    }

    /** The connector's name (Connect puts {@code name} into the configs), for thread names and logs. */
    String connectorName(String fallback) {
        Object name = originals().get("name");
        return name == null ? fallback : name.toString();
    }

    /** The task-side definition: the connector's keys plus the internal ones the connector writes per task. */
    static ConfigDef withTaskIndex(ConfigDef connectorDefinition) {
        return new ConfigDef(connectorDefinition)
                .define(TASK_INDEX, Type.INT, 0, Importance.LOW, "Internal, set by the connector: this task's number.");
    }

    public PilotDriverOptions driverOptions() {
        String path = socketPath();
        return PilotDriverOptions.builder()
                .socketPath(path == null || path.isEmpty() ? null : path)
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A new backoff for one reconnecting party (a subscription, the sink's connection). */
    Backoff newBackoff() {
        return new Backoff(reconnectBackoff(), reconnectBackoffMax(), reconnectTimeout());
    }
}
