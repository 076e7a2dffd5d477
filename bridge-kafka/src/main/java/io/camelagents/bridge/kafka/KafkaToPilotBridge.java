package io.camelagents.bridge.kafka;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.KameletsInTemplates;
import io.camelagents.pilot.PilotConstants;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;

/**
 * Route template {@code kafka-to-pilot}, the one definition of this bridge (Java: add this builder; YAML: a
 * {@code templatedRoute} or {@code camel.routeTemplate[...]} properties once this builder is in the context): Kafka
 * topic to Pilot events through the {@code pilot-events-sink} Kamelet, at-least-once.
 * <p>
 * The Kafka consumer runs without auto-commit; the route publishes each record to Pilot and then commits
 * ({@link KafkaOffsetCommit}), so an offset is committed only after the publishes up to it succeeded. A failed
 * publish is retried {@code retries} times, then {@code breakOnFirstError} makes the consumer seek back to the
 * failed record and try again, forever: a record that can never be published blocks its partition (visible in
 * the logs) rather than being skipped. The Pilot topic comes from the record header {@code pilot.topic}, else the
 * record key (when {@code topicFromKey=true}), else {@code pilotTopic}.
 * <p>
 * Throughput: {@code publishConnections} Pilot publisher connections per route (default 1), each paced at
 * {@code publishRate} (the newest Pilot broker drops more than 100 publishes per second per connection). The record
 * key is the publish key ({@code CamelPilotPublishKey}): records with the same key always take the same connection,
 * so they reach the broker in Kafka's order; records without a key are spread over the connections and, with more
 * than one, lose their relative order. The route still hands over one record at a time and commits only after its
 * publish returned, so the guarantee above is unchanged, but a keyed record waits for its own connection's pacing
 * while the others idle: with evenly spread keys one route carries about 1.5x, 2x and 3x one connection's rate for
 * 2, 4 and 8 connections ({@code bash scripts/bench.sh publish}; keyless records: the full N x). For more, also
 * instantiate the template several times with the same {@code groupId} over a topic with at least as many
 * partitions: N instances = N consumers feeding their connections at once.
 */
public class KafkaToPilotBridge extends RouteBuilder {
    /** The Pilot side: the pilot-events-sink Kamelet; a failed publish fails this route's exchange (noErrorHandler). */
    static final String EVENTS_SINK = KameletsInTemplates.uri("pilot-events-sink", "topic={{?pilotTopic}}&broker={{?pilotBroker}}&socketPath={{?socketPath}}&publishRate={{publishRate}}"
            + "&publishConnections={{publishConnections}}");
    public static final String ID = "kafka-to-pilot";

    @Override
    public void configure() {
        DefaultErrorHandlerDefinition retry = new DefaultErrorHandlerDefinition();
        retry.getRedeliveryPolicy().maximumRedeliveries("{{retries}}").redeliveryDelay("{{retryDelay}}")
                .retryAttemptedLogLevel("WARN");

        routeTemplate(ID)
                .configure(KameletsInTemplates.createAhead(EVENTS_SINK))
                .description("Kafka topic to Pilot events; offsets committed only after the publish succeeded (at-least-once)")
                .templateParameter("kafkaBrokers", null, "Kafka bootstrap servers, host:port[,host:port]")
                .templateParameter("kafkaTopic", null, "Kafka topic to consume")
                .templateParameter("groupId", "pilot-bridge", "Kafka consumer group; instances sharing it split the partitions")
                .templateParameter("autoOffsetReset", "earliest", "Where a new group starts: earliest or latest")
                .templateParameter("maxPollRecords", "100", "Records per poll; offsets are committed at the end of each partition's records in a poll")
                .templateOptionalParameter("pilotTopic", "Pilot topic when the record has no pilot.topic header (and topicFromKey is off or the key is empty)")
                .templateParameter("topicFromKey", "false", "Use the record key as the Pilot topic when there is no pilot.topic header")
                .templateOptionalParameter("pilotBroker", "Node (address or hostname) whose broker receives the events; default the local node")
                .templateOptionalParameter("socketPath", "IPC socket of the local Pilot daemon; default: discovered like pilotctl")
                .templateParameter("publishRate", "100", "Pilot publishes per second on this route's connection (the broker drops more than 100/s)")
                .templateParameter("publishConnections", "1", "Pilot publisher connections of this route, each paced to publishRate;"
                        + " records with the same key take the same connection (order kept), records without a key are spread (order not kept)")
                .templateParameter("retries", "10", "Redeliveries of a failed publish or commit before the consumer seeks back and starts over")
                .templateParameter("retryDelay", "1000", "Milliseconds between redeliveries")
                .from("kafka:{{kafkaTopic}}?brokers={{kafkaBrokers}}&groupId={{groupId}}&autoOffsetReset={{autoOffsetReset}}"
                        + "&maxPollRecords={{maxPollRecords}}&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                        + "&kafkaManualCommitFactory=#class:org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory"
                        + "&shutdownTimeout=10000")
                .errorHandler(retry)
                .convertHeaderTo(BridgeHeaders.KAFKA_PILOT_TOPIC, String.class)
                .choice()
                    .when(header(BridgeHeaders.KAFKA_PILOT_TOPIC))
                        .setHeader(PilotConstants.TOPIC, header(BridgeHeaders.KAFKA_PILOT_TOPIC))
                    .when(simple("'{{topicFromKey}}' == 'true' && ${header." + KafkaConstants.KEY + "} != null"))
                        .setHeader(PilotConstants.TOPIC, header(KafkaConstants.KEY).convertToString())
                .end()
                .setHeader(PilotConstants.PUBLISH_KEY, header(KafkaConstants.KEY).convertToString())
                .to(EVENTS_SINK)
                .bean(KafkaOffsetCommit.class, "commitIfLastOfPoll");
    }
}
