package io.camelagents.pilot.connect.it;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelagents.pilot.testkit.PilotNode;

/** Connector configurations as the ITs PUT them to the REST API (plain JSON string maps, as an operator writes them). */
final class Connectors {
    static final String SOURCE_CLASS = "io.camelagents.pilot.connect.PilotEventsSourceConnector";
    static final String SINK_CLASS = "io.camelagents.pilot.connect.PilotEventsSinkConnector";

    private Connectors() {
    }

    /** Source: events on {@code topics} at {@code broker}, through {@code via}'s daemon, into one Kafka topic. */
    static Map<String, String> source(PilotNode via, String broker, String topics, String kafkaTopic, int tasksMax) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", SOURCE_CLASS);
        c.put("tasks.max", Integer.toString(tasksMax));
        c.put("pilot.socket.path", via.socketPath().toString());
        c.put("pilot.brokers", broker);
        c.put("pilot.topics", topics);
        c.put("kafka.topic", kafkaTopic);
        // a restarted daemon is back within seconds: retry often
        c.put("pilot.reconnect.backoff.ms", "200");
        c.put("pilot.reconnect.backoff.max.ms", "2000");
        return c;
    }

    /** Sink: records of {@code kafkaTopic} published to {@code broker} through {@code via}'s daemon; topic from the header. */
    static Map<String, String> sink(PilotNode via, String broker, String kafkaTopic, int tasksMax) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", SINK_CLASS);
        c.put("tasks.max", Integer.toString(tasksMax));
        c.put("topics", kafkaTopic);
        c.put("pilot.socket.path", via.socketPath().toString());
        c.put("pilot.broker", broker);
        c.put("pilot.topic.from.key", "false");
        c.put("pilot.reconnect.backoff.ms", "200");
        c.put("pilot.reconnect.backoff.max.ms", "2000");
        return c;
    }
}
