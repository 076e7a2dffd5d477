package io.camelagents.bridge;

/**
 * Names under which the bridges carry Pilot event metadata outside Pilot. A Pilot event frame has only a topic and a
 * payload, so the topic (and, on the consuming side, the broker that delivered it) is all there is to map.
 * The Camel-internal names (CamelPilotTopic, ...) cannot be used on the wire: Kafka, JMS and HTTP header filters drop
 * every header starting with "Camel".
 */
public final class BridgeHeaders {
    /** Kafka record header: the Pilot topic of the event (UTF-8). Read back by kafka-to-pilot. */
    public static final String KAFKA_PILOT_TOPIC = "pilot.topic";
    /** Kafka record header: address of the Pilot broker that delivered the event. */
    public static final String KAFKA_PILOT_BROKER = "pilot.broker";
    /** Kafka record header: when the bridge received the event from Pilot, epoch milliseconds as text. */
    public static final String KAFKA_PILOT_RECEIVED_AT = "pilot.receivedAt";

    /** JMS property names must be Java identifiers, so no dots. */
    public static final String JMS_PILOT_TOPIC = "PilotTopic";
    public static final String JMS_PILOT_BROKER = "PilotBroker";

    /** HTTP headers of webhook calls and of HTTP task replies. */
    public static final String HTTP_PILOT_TOPIC = "X-Pilot-Topic";
    public static final String HTTP_PILOT_BROKER = "X-Pilot-Broker";
    public static final String HTTP_PILOT_TASK_ID = "X-Pilot-Task-Id";
    public static final String HTTP_PILOT_TASK_STATUS = "X-Pilot-Task-Status";

    private BridgeHeaders() {
    }
}
