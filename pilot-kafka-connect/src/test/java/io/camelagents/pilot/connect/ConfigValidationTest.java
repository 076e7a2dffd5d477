package io.camelagents.pilot.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees from the worker's REST validation (connector.validate) and when a task starts with a bad config. */
class ConfigValidationTest {
    @TempDir
    Path dir;

    private Map<String, String> source(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of(
                "name", "src",
                PilotSourceConfig.TOPICS, "research.*",
                PilotSourceConfig.KAFKA_TOPIC, "pilot-events",
                PilotConnectConfig.SOCKET_PATH, dir.resolve("pilot.sock").toString()));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove(kv[i]);
            } else {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private Map<String, String> sink(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("name", "snk", "topics", "in",
                PilotConnectConfig.SOCKET_PATH, dir.resolve("pilot.sock").toString()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElseThrow(() -> new AssertionError("no config value " + key));
    }

    private static long errorCount(Config config) {
        return config.configValues().stream().mapToLong(v -> v.errorMessages().size()).sum();
    }

    @Test
    void aGoodSourceConfigHasNoErrors() {
        Config c = new PilotEventsSourceConnector().validate(source(PilotSourceConfig.BROKERS, "0:0000.0000.0005,agent-b"));
        assertEquals(0, errorCount(c), c.configValues().toString());
        assertEquals(0, errorCount(new PilotEventsSinkConnector().validate(sink(PilotSinkConfig.BROKER, "agent-b",
                PilotSinkConfig.TOPIC, "research.completed"))));
    }

    @Test
    void aRelativeSocketPathIsRefusedEverywhere() {
        Config c = new PilotEventsSourceConnector().validate(source(PilotConnectConfig.SOCKET_PATH, "run/pilot.sock"));
        assertEquals(List.of("pilot.socket.path: 'run/pilot.sock' is not an absolute path; give the daemon's socket file"
                + " such as /tmp/pilot.sock, or leave it empty to use PILOT_SOCKET, ~/.pilot/config.json or /tmp/pilot.sock"),
                errors(c, PilotConnectConfig.SOCKET_PATH));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new PilotSinkConfig(sink(PilotConnectConfig.SOCKET_PATH, "pilot.sock")));
        assertTrue(e.getMessage().startsWith("pilot.socket.path: 'pilot.sock' is not an absolute path"), e.getMessage());
    }

    @Test
    void aSocketInAMissingDirectoryIsRefusedAtValidation() {
        String path = dir.resolve("no-such-dir/pilot.sock").toString();
        Config c = new PilotEventsSinkConnector().validate(sink(PilotConnectConfig.SOCKET_PATH, path));
        assertEquals(List.of("pilot.socket.path: the directory " + dir.resolve("no-such-dir") + " of '" + path + "' does not"
                + " exist on this worker; give the socket of the daemon that runs here (pilot-daemon -socket ...), or leave"
                + " it empty for the default lookup"), errors(c, PilotConnectConfig.SOCKET_PATH));
        // a socket that is not there yet is fine: the daemon creates it once registered
        assertEquals(List.of(), errors(new PilotEventsSinkConnector().validate(sink()), PilotConnectConfig.SOCKET_PATH));
    }

    @Test
    void aSocketPathLongerThanUnixAllowsIsRefused() {
        String path = "/tmp/" + "x".repeat(110) + ".sock";
        List<String> errors = errors(new PilotEventsSourceConnector().validate(source(PilotConnectConfig.SOCKET_PATH, path)),
                PilotConnectConfig.SOCKET_PATH);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("is 120 bytes; a Unix socket path has at most 107"), errors.get(0));
    }

    @Test
    void aBadAddressNamesTheExpectedForm() {
        Config c = new PilotEventsSourceConnector().validate(source(PilotSourceConfig.BROKERS, "agent-a,0:0000.0000.00ZZ"));
        assertEquals(List.of("pilot.brokers: '0:0000.0000.00ZZ' is not a Pilot address (expected N:NNNN.HHHH.LLLL such as"
                + " 0:0000.0000.0005) or hostname (1-63 lowercase letters, digits and inner hyphens)"),
                errors(c, PilotSourceConfig.BROKERS));
        Config sink = new PilotEventsSinkConnector().validate(sink(PilotSinkConfig.BROKER, "1:0000.0000.0005"));
        assertEquals(List.of("pilot.broker: '1:0000.0000.0005' is not a Pilot address (expected N:NNNN.HHHH.LLLL such as"
                + " 0:0000.0000.0005) or hostname (1-63 lowercase letters, digits and inner hyphens)"),
                errors(sink, PilotSinkConfig.BROKER));
    }

    @Test
    void aBadHostnameIsRefused() {
        for (String bad : List.of("Agent_B", "-agent", "agent-", "a".repeat(64))) {
            List<String> errors = errors(new PilotEventsSourceConnector().validate(source(PilotSourceConfig.BROKERS, bad)),
                    PilotSourceConfig.BROKERS);
            assertEquals(List.of("pilot.brokers: '" + bad + "' is not a Pilot address (expected N:NNNN.HHHH.LLLL such as"
                    + " 0:0000.0000.0005) or hostname (1-63 lowercase letters, digits and inner hyphens)"), errors, bad);
        }
    }

    @Test
    void aBadTopicPatternSaysWhatPatternsLookLike() {
        List<String> errors = errors(new PilotEventsSourceConnector().validate(source(PilotSourceConfig.TOPICS, "ok,research.***")),
                PilotSourceConfig.TOPICS);
        assertEquals(List.of("pilot.topics: 'research.***' is not a topic pattern (topic pattern 'research.***' has '***';"
                + " use * (one segment) or ** (any segments)); use an exact topic, * for all, or a glob such as research.*"), errors);

        List<String> control = errors(new PilotEventsSourceConnector().validate(source(PilotSourceConfig.TOPICS, "a\u001bb")),
                PilotSourceConfig.TOPICS);
        assertEquals(1, control.size());
        assertTrue(control.get(0).startsWith("pilot.topics: 'a\\u001Bb' is not a topic pattern (event topic 'a\\u001Bb'"
                + " contains the control character U+001B at index 1)"), control.get(0));
    }

    @Test
    void missingTopicsAreReported() {
        Config c = new PilotEventsSourceConnector().validate(source(PilotSourceConfig.TOPICS, null));
        assertEquals(List.of("Missing required configuration \"pilot.topics\" which has no default value."),
                errors(c, PilotSourceConfig.TOPICS));
        Config empty = new PilotEventsSourceConnector().validate(source(PilotSourceConfig.TOPICS, ""));
        assertEquals(List.of("pilot.topics: give at least one topic: use an exact topic, * for all, or a glob such as research.*"),
                errors(empty, PilotSourceConfig.TOPICS));
    }

    @Test
    void exactlyOneKafkaTargetMustBeSet() {
        String both = "set exactly one of kafka.topic (one Kafka topic for every event) and kafka.topic.template (one Kafka"
                + " topic per Pilot topic, e.g. pilot.${topic}); both are set";
        Config c = new PilotEventsSourceConnector().validate(source(PilotSourceConfig.KAFKA_TOPIC_TEMPLATE, "pilot.${topic}"));
        assertEquals(List.of(both), errors(c, PilotSourceConfig.KAFKA_TOPIC));
        assertEquals(List.of(both), errors(c, PilotSourceConfig.KAFKA_TOPIC_TEMPLATE));
        assertEquals(both, assertThrows(ConfigException.class,
                () -> new PilotSourceConfig(source(PilotSourceConfig.KAFKA_TOPIC_TEMPLATE, "pilot.${topic}"))).getMessage());

        String neither = both.replace("both are set", "neither is set");
        Config none = new PilotEventsSourceConnector().validate(source(PilotSourceConfig.KAFKA_TOPIC, null));
        assertEquals(List.of(neither), errors(none, PilotSourceConfig.KAFKA_TOPIC));
        assertEquals(neither, assertThrows(ConfigException.class,
                () -> new PilotSourceConfig(source(PilotSourceConfig.KAFKA_TOPIC, ""))).getMessage());
    }

    @Test
    void kafkaTopicAndTemplateMustBeUsableNames() {
        assertEquals(List.of("kafka.topic: 'pilot events' is not a valid Kafka topic name: use 1-249 letters, digits, '.', '_'"
                + " and '-' (not '.' or '..')"), errors(new PilotEventsSourceConnector().validate(
                source(PilotSourceConfig.KAFKA_TOPIC, "pilot events")), PilotSourceConfig.KAFKA_TOPIC));
        List<String> noPlaceholder = errors(new PilotEventsSourceConnector().validate(source(PilotSourceConfig.KAFKA_TOPIC, null,
                PilotSourceConfig.KAFKA_TOPIC_TEMPLATE, "pilot")), PilotSourceConfig.KAFKA_TOPIC_TEMPLATE);
        assertEquals(List.of("kafka.topic.template: 'pilot' has no ${topic}; write it where the Pilot topic goes, e.g."
                + " pilot.${topic}, or set kafka.topic for one fixed topic"), noPlaceholder);
        List<String> badLiteral = errors(new PilotEventsSourceConnector().validate(source(PilotSourceConfig.KAFKA_TOPIC, null,
                PilotSourceConfig.KAFKA_TOPIC_TEMPLATE, "pilot/${topic}")), PilotSourceConfig.KAFKA_TOPIC_TEMPLATE);
        assertEquals(List.of("kafka.topic.template: 'pilot/${topic}' has characters a Kafka topic cannot hold outside ${topic};"
                + " use letters, digits, '.', '_' and '-' there"), badLiteral);
    }

    @Test
    void theSinksDefaultTopicMustBeOneExactTopic() {
        assertEquals(List.of("pilot.topic: 'research.*' is a pattern; events are published to one exact topic such as"
                + " research.completed"), errors(new PilotEventsSinkConnector().validate(sink(PilotSinkConfig.TOPIC, "research.*")),
                PilotSinkConfig.TOPIC));
    }

    @Test
    void numbersAreRangeChecked() {
        Config c = new PilotEventsSourceConnector().validate(source(PilotSourceConfig.QUEUE_CAPACITY, "0",
                PilotConnectConfig.MAX_EVENT_BYTES, "20000000"));
        assertEquals(1, errors(c, PilotSourceConfig.QUEUE_CAPACITY).size());
        assertEquals(1, errors(c, PilotConnectConfig.MAX_EVENT_BYTES).size());
    }

    @Test
    void everyOptionIsDocumented() {
        for (var def : List.of(PilotSourceConfig.CONFIG_DEF, PilotSinkConfig.CONFIG_DEF)) {
            def.configKeys().values().forEach(k -> assertTrue(k.documentation != null && k.documentation.length() > 20,
                    k.name + " has no documentation"));
        }
        assertTrue(PilotSourceConfig.CONFIG_DEF.names().containsAll(List.of("pilot.socket.path", "pilot.reconnect.backoff.ms",
                "pilot.reconnect.backoff.max.ms", "pilot.reconnect.timeout.ms", "pilot.brokers", "pilot.topics", "kafka.topic",
                "kafka.topic.template", "pilot.max.event.bytes", "pilot.queue.capacity", "pilot.poll.batch.max")));
        assertTrue(PilotSinkConfig.CONFIG_DEF.names().containsAll(List.of("pilot.broker", "pilot.topic", "pilot.topic.from.key",
                "pilot.publish.rate", "pilot.max.event.bytes")));
        assertTrue(!PilotSourceConfig.CONFIG_DEF.names().contains(PilotSourceConfig.TASK_UNITS), "internal keys stay internal");
    }
}
