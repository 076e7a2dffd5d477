package io.camelagents.pilot.connect;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/** Helpers for the connectors' {@code validate()} overrides: the checks ConfigDef cannot do per key. */
final class ConnectorValidation {
    private ConnectorValidation() {
    }

    static Map<String, ConfigValue> byName(Config config) {
        Map<String, ConfigValue> out = new LinkedHashMap<>();
        for (ConfigValue v : config.configValues()) {
            out.put(v.name(), v);
        }
        return out;
    }

    static void addError(Map<String, ConfigValue> byName, String key, String message) {
        ConfigValue v = byName.get(key);
        if (v != null && !v.errorMessages().contains(message)) {
            v.addErrorMessage(message);
        }
    }

    /** The socket's directory must exist on the worker that validates (the socket itself may come later). */
    static void checkSocketDirectory(Map<String, ConfigValue> byName, Map<String, String> configs) {
        ConfigValue socket = byName.get(PilotConnectConfig.SOCKET_PATH);
        if (socket == null || !socket.errorMessages().isEmpty()) {
            return; // already wrong in itself: one message is enough
        }
        String problem = ConfigChecks.socketDirectory(PilotConnectConfig.SOCKET_PATH, configs.get(PilotConnectConfig.SOCKET_PATH));
        if (problem != null) {
            socket.addErrorMessage(problem);
        }
    }
}
