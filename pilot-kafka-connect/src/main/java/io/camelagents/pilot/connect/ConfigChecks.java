package io.camelagents.pilot.connect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotHostname;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.protocol.SafeText;
import io.camelagents.pilot.protocol.TopicPattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The connectors' value checks. Each returns null when the value is fine, else a message that starts with the key
 * and says what to fix; {@link #validator} turns one into a {@link ConfigDef.Validator} so the same text shows up
 * in the worker's REST validation and when a task starts with a bad config.
 */
final class ConfigChecks {
    /** Linux allows 108 bytes for a Unix socket path including the terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;
    static final String TOPIC_FORMS = "use an exact topic, * for all, or a glob such as research.*";

    private ConfigChecks() {
    }

    /** A check of one parsed value; returns the problem or null. */
    @FunctionalInterface
    interface Check {
        String problem(String key, Object value);
    }

    static ConfigDef.Validator validator(Check check, String description) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String problem = check.problem(name, value);
                if (problem != null) {
                    throw new ConfigException(problem);
                }
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /** Empty (driver discovery) or an absolute path that fits a Unix socket address. */
    static String socketPath(String key, Object value) {
        String path = value == null ? "" : value.toString();
        if (path.isEmpty()) {
            return null;
        }
        if (!Path.of(path).isAbsolute()) {
            return key + ": '" + path + "' is not an absolute path; give the daemon's socket file such as /tmp/pilot.sock,"
                    + " or leave it empty to use PILOT_SOCKET, ~/.pilot/config.json or /tmp/pilot.sock";
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            return key + ": '" + path + "' is " + bytes + " bytes; a Unix socket path has at most " + MAX_SOCKET_PATH_BYTES
                    + ": move the daemon's socket to a shorter path";
        }
        return null;
    }

    /**
     * Only at validation time (REST validate / connector creation): the socket itself may appear later (the daemon
     * creates it after registering), but a missing directory means a mistyped path on this worker.
     */
    static String socketDirectory(String key, String path) {
        if (path == null || path.isEmpty() || socketPath(key, path) != null) {
            return null;
        }
        Path parent = Path.of(path).getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return key + ": the directory " + parent + " of '" + path + "' does not exist on this worker; give the socket"
                    + " of the daemon that runs here (pilot-daemon -socket ...), or leave it empty for the default lookup";
        }
        return null;
    }

    static String brokerList(String key, Object value) {
        if (value instanceof List<?> list) {
            for (Object o : list) {
                String problem = broker(key, o);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** Empty (the local node), a Pilot address or a hostname. */
    static String broker(String key, Object value) {
        String text = value == null ? "" : value.toString().trim();
        if (text.isEmpty() || PilotAddress.isAddress(text) || PilotHostname.isValid(text)) {
            return null;
        }
        return key + ": '" + text + "' is not a Pilot address (expected N:NNNN.HHHH.LLLL such as 0:0000.0000.0005) or"
                + " hostname (1-63 lowercase letters, digits and inner hyphens)";
    }

    static String topicPatterns(String key, Object value) {
        if (value == null) {
            return null; // missing: ConfigDef reports it as a missing required configuration
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return key + ": give at least one topic: " + TOPIC_FORMS;
        }
        for (Object o : list) {
            String text = o == null ? "" : o.toString();
            try {
                TopicPattern.parse(text);
            } catch (IllegalArgumentException e) {
                return key + ": '" + printable(text) + "' is not a topic pattern (" + e.getMessage() + "); " + TOPIC_FORMS;
            }
        }
        return null;
    }

    /** Empty, or one exact topic to publish to. */
    static String publishTopic(String key, Object value) {
        String text = value == null ? "" : value.toString();
        if (text.isEmpty()) {
            return null;
        }
        String problem = publishTopicProblem(text);
        return problem == null ? null : key + ": " + problem;
    }

    /** Why a topic cannot be published to, or null. Shared with the sink's per-record topics. */
    static String publishTopicProblem(String topic) {
        try {
            EventFrame.checkTopic(topic);
        } catch (IllegalArgumentException e) {
            return "'" + printable(topic) + "' cannot be published to: " + e.getMessage();
        }
        if (topic.indexOf('*') >= 0 || topic.indexOf('?') >= 0) {
            return "'" + printable(topic) + "' is a pattern; events are published to one exact topic such as research.completed";
        }
        return null;
    }

    static String kafkaTopic(String key, Object value) {
        String text = value == null ? "" : value.toString();
        return text.isEmpty() ? null : KafkaTopicTemplate.topicNameProblem(key, text);
    }

    static String kafkaTopicTemplate(String key, Object value) {
        String text = value == null ? "" : value.toString();
        return text.isEmpty() ? null : KafkaTopicTemplate.templateProblem(key, text);
    }

    /** Values are echoed in messages and logs: control characters are shown escaped. */
    static String printable(String text) {
        return SafeText.printable(text, 200);
    }
}
