package io.camelagents.pilot.connect;

/**
 * Kafka record headers the connectors read and write; the same names as the Camel bridges use (camel-agents-kamelets'
 * BridgeHeaders), so either side can be swapped for the other.
 */
public final class ConnectHeaders {
    /** The Pilot topic of the event (string). The sink reads it to choose the topic to publish to. */
    public static final String TOPIC = "pilot.topic";
    /** Address of the broker that delivered the event (string, e.g. 0:0000.0000.0005). */
    public static final String BROKER = "pilot.broker";
    /** When the task read the event from the broker, epoch milliseconds (int64; decimal text on the wire). */
    public static final String RECEIVED_AT = "pilot.receivedAt";

    private ConnectHeaders() {
    }
}
