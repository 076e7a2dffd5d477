package io.camelagents.bridge.kafka;

/** An event the pilot-to-kafka buffer refused: it stayed full for the whole offer timeout. */
public class KafkaSendBufferFullException extends Exception {
    public KafkaSendBufferFullException(String bufferName, int capacity, long offerTimeoutMs) {
        super("pilot-to-kafka buffer '" + bufferName + "' still held " + capacity + " events after " + offerTimeoutMs
                + " ms: the event overflows (raise bufferSize, or make Kafka keep up)");
    }
}
