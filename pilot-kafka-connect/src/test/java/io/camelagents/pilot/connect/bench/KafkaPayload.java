package io.camelagents.pilot.connect.bench;

import java.nio.charset.StandardCharsets;

/**
 * Payload of the records the benchmark pre-produces to Kafka for the sink and the kafka-to-pilot routes: ASCII
 * {@code k:<partition>:<seq>}, text so that the route template's String deserializer passes it unchanged.
 */
final class KafkaPayload {
    private KafkaPayload() {
    }

    static String of(int partition, long seq) {
        return "k:" + partition + ":" + seq;
    }

    static byte[] bytes(int partition, long seq) {
        return of(partition, seq).getBytes(StandardCharsets.US_ASCII);
    }

    /** {partition, seq}, or null when {@code payload} is not one. */
    static long[] parse(byte[] payload) {
        if (payload.length < 5 || payload.length > 40 || payload[0] != 'k' || payload[1] != ':') {
            return null;
        }
        long a = 0;
        long b = 0;
        int i = 2;
        int digits = 0;
        for (; i < payload.length && payload[i] != ':'; i++, digits++) {
            int d = payload[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            a = a * 10 + d;
        }
        if (digits == 0 || i >= payload.length - 1) {
            return null;
        }
        for (i++; i < payload.length; i++) {
            int d = payload[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            b = b * 10 + d;
        }
        return new long[] {a, b};
    }
}
