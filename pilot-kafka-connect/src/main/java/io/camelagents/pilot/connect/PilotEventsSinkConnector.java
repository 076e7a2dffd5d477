package io.camelagents.pilot.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka records into Pilot events: each record is published to one broker (the local node's by default) through
 * the daemon on the worker, on one paced connection per task.
 * <p>
 * Delivery guarantee: at least once up to the worker's daemon; duplicates are possible after a daemon outage or a
 * task restart (see {@link PilotEventsSinkTask}). Pilot itself acknowledges nothing, so an event the daemon
 * accepted can still be lost beyond it. Records that cannot be events go to the errant-record reporter.
 */
public class PilotEventsSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new PilotSinkConfig(props); // fails the connector with a message on a bad config
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PilotEventsSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> c = new HashMap<>(props);
            c.put(PilotConnectConfig.TASK_INDEX, Integer.toString(i));
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
        return PilotSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        ConnectorValidation.checkSocketDirectory(ConnectorValidation.byName(result), connectorConfigs);
        return result;
    }
}
