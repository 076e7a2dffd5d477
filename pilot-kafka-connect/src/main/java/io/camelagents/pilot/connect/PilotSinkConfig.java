package io.camelagents.pilot.connect;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link PilotEventsSinkConnector} and its tasks. */
public final class PilotSinkConfig extends PilotConnectConfig {
    public static final String BROKER = "pilot.broker";
    public static final String TOPIC = "pilot.topic";
    public static final String TOPIC_FROM_KEY = "pilot.topic.from.key";
    public static final String PUBLISH_RATE = "pilot.publish.rate";

    public static final ConfigDef CONFIG_DEF = commonDefinition()
            .define(BROKER, Type.STRING, "", ConfigChecks.validator(ConfigChecks::broker,
                            "empty, a Pilot address (N:NNNN.HHHH.LLLL) or a hostname"),
                    Importance.HIGH,
                    "Node whose event broker the events are published to, as a Pilot address (0:0000.0000.0005) or a"
                            + " hostname (resolved through the registry on each connect). Empty: the task's own node.",
                    GROUP_EVENTS, 2, Width.LONG, "Broker")
            .define(TOPIC, Type.STRING, "", ConfigChecks.validator(ConfigChecks::publishTopic, "empty or one exact topic"),
                    Importance.HIGH,
                    "Pilot topic of a record that has neither a '" + ConnectHeaders.TOPIC + "' header nor (with "
                            + TOPIC_FROM_KEY + ") a String key. Empty: such records go to the errant-record reporter.",
                    GROUP_EVENTS, 3, Width.MEDIUM, "Default Pilot topic")
            .define(TOPIC_FROM_KEY, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Use a record's String key as its Pilot topic when it has no '" + ConnectHeaders.TOPIC + "' header.",
                    GROUP_EVENTS, 4, Width.SHORT, "Topic from key")
            .define(PUBLISH_RATE, Type.INT, 100, Range.atLeast(0), Importance.MEDIUM,
                    "Publishes per second on the task's one broker connection. The newest broker silently drops more"
                            + " than 100 per second per publishing connection (burst 200), so keep it at 100 or below"
                            + " and raise tasks.max for more throughput. 0: no pacing.",
                    GROUP_EVENTS, 5, Width.SHORT, "Publish rate (per second)");

    static final ConfigDef TASK_CONFIG_DEF = withTaskIndex(CONFIG_DEF);

    public PilotSinkConfig(Map<String, String> props) {
        this(CONFIG_DEF, props);
    }

    private PilotSinkConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props);
    }

    static PilotSinkConfig forTask(Map<String, String> props) {
        return new PilotSinkConfig(TASK_CONFIG_DEF, props);
    }

    public String broker() {
        return getString(BROKER).trim();
    }

    public String defaultTopic() {
        return getString(TOPIC);
    }

    public boolean topicFromKey() {
        return getBoolean(TOPIC_FROM_KEY);
    }

    public int publishRate() {
        return getInt(PUBLISH_RATE);
    }
}
