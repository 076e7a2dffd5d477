package io.camelagents.pilot.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Pilot events into Kafka: subscribes to Pilot topics (exact, {@code *} or globs) at one or more brokers through
 * the daemon on each worker, one record per event.
 * <p>
 * Work is split into units of one subscription at one broker ({@link SourceUnitPlanner}) and dealt round-robin to
 * at most {@code tasks.max} tasks, so no event is subscribed to twice. Every worker that may run a task needs a
 * Pilot daemon reachable at {@code pilot.socket.path}.
 * <p>
 * Delivery guarantee: coverage starts when a subscription is made. Pilot has no offsets and no replay: events
 * published while a task is not subscribed (daemon or broker restart, rebalance, task restart) are never delivered,
 * and events a task had read but not yet handed to Connect when it stopped are lost. While subscribed, each event
 * the broker forwards becomes one record. Connect's exactly-once source support does not apply (there is nothing to
 * resume from).
 */
public class PilotEventsSourceConnector extends SourceConnector {
    private Map<String, String> props;
    private List<SourceUnit> units;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        PilotSourceConfig config = new PilotSourceConfig(props); // fails the connector with a message on a bad config
        this.props = Map.copyOf(props);
        this.units = config.units();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PilotEventsSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<List<SourceUnit>> dealt = SourceUnitPlanner.deal(units, maxTasks);
        List<Map<String, String>> configs = new ArrayList<>(dealt.size());
        for (int i = 0; i < dealt.size(); i++) {
            Map<String, String> c = new HashMap<>(props);
            c.put(PilotSourceConfig.TASK_UNITS, SourceUnit.encode(dealt.get(i)));
            c.put(PilotSourceConfig.TASK_INDEX, Integer.toString(i));
            configs.add(c);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing held: the tasks own every connection
    }

    @Override
    public ConfigDef config() {
        return PilotSourceConfig.CONFIG_DEF;
    }

    /** Per-key checks (ConfigDef) plus the ones that span keys or look at this worker. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = ConnectorValidation.byName(result);
        String target = PilotSourceConfig.targetProblem(connectorConfigs.get(PilotSourceConfig.KAFKA_TOPIC),
                connectorConfigs.get(PilotSourceConfig.KAFKA_TOPIC_TEMPLATE));
        if (target != null) {
            ConnectorValidation.addError(byName, PilotSourceConfig.KAFKA_TOPIC, target);
            ConnectorValidation.addError(byName, PilotSourceConfig.KAFKA_TOPIC_TEMPLATE, target);
        }
        ConnectorValidation.checkSocketDirectory(byName, connectorConfigs);
        return result;
    }

    /** Exactly-once is not possible: a restarted task cannot resume where it stopped. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
