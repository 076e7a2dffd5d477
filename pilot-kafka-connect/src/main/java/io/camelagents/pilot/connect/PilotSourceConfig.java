package io.camelagents.pilot.connect;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of {@link PilotEventsSourceConnector} and its tasks. */
public final class PilotSourceConfig extends PilotConnectConfig {
    public static final String BROKERS = "pilot.brokers";
    public static final String TOPICS = "pilot.topics";
    public static final String KAFKA_TOPIC = "kafka.topic";
    public static final String KAFKA_TOPIC_TEMPLATE = "kafka.topic.template";
    public static final String QUEUE_CAPACITY = "pilot.queue.capacity";
    public static final String QUEUE_MAX_BYTES = "pilot.queue.max.bytes";
    public static final String POLL_BATCH_MAX = "pilot.poll.batch.max";
    public static final String BROKER_CHECK_INTERVAL_MS = "pilot.broker.check.interval.ms";
    /** Internal: the units of one task, set by the connector (JSON, see {@link SourceUnit}). */
    public static final String TASK_UNITS = "pilot.task.units";

    private static final String EXACTLY_ONE = "set exactly one of " + KAFKA_TOPIC + " (one Kafka topic for every event) and "
            + KAFKA_TOPIC_TEMPLATE + " (one Kafka topic per Pilot topic, e.g. pilot." + KafkaTopicTemplate.PLACEHOLDER + ")";

    public static final ConfigDef CONFIG_DEF = commonDefinition()
            .define(BROKERS, Type.LIST, "", ConfigChecks.validator(ConfigChecks::brokerList,
                            "Pilot addresses (N:NNNN.HHHH.LLLL) or hostnames"),
                    Importance.HIGH,
                    "Nodes whose event brokers to subscribe at, as Pilot addresses (0:0000.0000.0005) or hostnames"
                            + " (resolved through the registry at each subscription). Empty: the task's own node. Each"
                            + " task reaches them through the daemon on its worker.",
                    GROUP_EVENTS, 2, Width.LONG, "Brokers")
            .define(TOPICS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigChecks.validator(ConfigChecks::topicPatterns,
                            "exact topics, * or globs"),
                    Importance.HIGH,
                    "Pilot topics to subscribe to: exact topics (research.completed), * for all, or globs (research.*"
                            + " within one dot-separated segment, research.** across segments, ? one character). The"
                            + " brokers know only exact topics and *, so globs subscribe to * and filter in the task.",
                    GROUP_EVENTS, 3, Width.LONG, "Topics")
            .define(KAFKA_TOPIC, Type.STRING, "", ConfigChecks.validator(ConfigChecks::kafkaTopic, "a Kafka topic name"),
                    Importance.HIGH,
                    "Kafka topic for every event; " + EXACTLY_ONE + ".",
                    GROUP_KAFKA, 1, Width.MEDIUM, "Kafka topic")
            .define(KAFKA_TOPIC_TEMPLATE, Type.STRING, "", ConfigChecks.validator(ConfigChecks::kafkaTopicTemplate,
                            "text with ${topic}"),
                    Importance.HIGH,
                    "Kafka topic per event, with " + KafkaTopicTemplate.PLACEHOLDER + " standing for the Pilot topic, e.g."
                            + " pilot." + KafkaTopicTemplate.PLACEHOLDER + ". Characters a Kafka topic cannot hold become"
                            + " '_'; names over 249 characters are cut and end in a checksum. Each new Pilot topic a"
                            + " publisher picks is a new Kafka topic: narrow pilot.topics or keep topic auto-creation off"
                            + " where that matters; " + EXACTLY_ONE + ".",
                    GROUP_KAFKA, 2, Width.MEDIUM, "Kafka topic template")
            .define(QUEUE_CAPACITY, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Events a task holds between its subscriptions and Connect's poll. When full, the subscriptions"
                            + " stop reading until Connect catches up (the daemon then buffers, and drops the"
                            + " subscription if that overflows).",
                    GROUP_KAFKA, 3, Width.SHORT, "Queue capacity (events)")
            .define(QUEUE_MAX_BYTES, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1024), Importance.LOW,
                    "Payload bytes a task holds at most between its subscriptions and Connect's poll, whatever the"
                            + " event count (a broker chooses how large its events are). One event larger than this"
                            + " still passes when the queue is empty.",
                    GROUP_KAFKA, 4, Width.SHORT, "Queue capacity (bytes)")
            .define(POLL_BATCH_MAX, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                    "Most records one poll() returns.",
                    GROUP_KAFKA, 5, Width.SHORT, "Poll batch max")
            .define(BROKER_CHECK_INTERVAL_MS, Type.LONG, 5000L, Range.atLeast(0), Importance.LOW,
                    "For a subscription at another node's broker: milliseconds between liveness probes to that node's"
                            + " echo port. A broker that restarted forgets the subscription without telling, so after"
                            + " three unanswered probes the task subscribes again. 0 disables the probes.",
                    GROUP_EVENTS, 4, Width.SHORT, "Broker check interval (ms)");

    /** The connector's keys plus the internal ones the connector writes into each task's config. */
    static final ConfigDef TASK_CONFIG_DEF = withTaskIndex(CONFIG_DEF)
            .define(TASK_UNITS, Type.STRING, "", Importance.LOW, "Internal, set by the connector: this task's units (JSON).");

    public PilotSourceConfig(Map<String, String> props) {
        this(CONFIG_DEF, props);
    }

    private PilotSourceConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props);
        String problem = targetProblem(getString(KAFKA_TOPIC), getString(KAFKA_TOPIC_TEMPLATE));
        if (problem != null) {
            throw new ConfigException(problem);
        }
    }

    static PilotSourceConfig forTask(Map<String, String> props) {
        return new PilotSourceConfig(TASK_CONFIG_DEF, props);
    }

    /** Null when exactly one of the two is set, else what to fix. */
    static String targetProblem(String kafkaTopic, String template) {
        boolean topic = kafkaTopic != null && !kafkaTopic.isEmpty();
        boolean tmpl = template != null && !template.isEmpty();
        if (topic && tmpl) {
            return EXACTLY_ONE + "; both are set";
        }
        if (!topic && !tmpl) {
            return EXACTLY_ONE + "; neither is set";
        }
        return null;
    }

    public List<String> brokers() {
        return getList(BROKERS);
    }

    public List<String> topics() {
        return getList(TOPICS);
    }

    public KafkaTopicTemplate kafkaTarget() {
        String topic = getString(KAFKA_TOPIC);
        return topic.isEmpty() ? KafkaTopicTemplate.template(getString(KAFKA_TOPIC_TEMPLATE)) : KafkaTopicTemplate.fixed(topic);
    }

    public int queueCapacity() {
        return getInt(QUEUE_CAPACITY);
    }

    public long queueMaxBytes() {
        return getLong(QUEUE_MAX_BYTES);
    }

    public int pollBatchMax() {
        return getInt(POLL_BATCH_MAX);
    }

    public Duration brokerCheckInterval() {
        return Duration.ofMillis(getLong(BROKER_CHECK_INTERVAL_MS));
    }

    /** All units of the connector's config. */
    List<SourceUnit> units() {
        return SourceUnitPlanner.plan(brokers(), topics());
    }

    /** The units of one task (its config carries them in {@link #TASK_UNITS}). */
    List<SourceUnit> taskUnits() {
        String json = getString(TASK_UNITS);
        return json == null || json.isEmpty() ? units() : SourceUnit.decode(json);
    }
}
