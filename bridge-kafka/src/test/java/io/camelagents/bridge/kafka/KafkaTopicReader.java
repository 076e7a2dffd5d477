package io.camelagents.bridge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning with a fresh consumer group and keeps what it read, so a test can poll it
 * inside a wait ({@code await().until(() -> reader.poll().distinctValues() ...)}) and then look at everything.
 * Values are decoded as ISO-8859-1, which maps every byte to one char, so binary payloads stay distinct.
 * Not thread-safe: poll it from one thread.
 */
final class KafkaTopicReader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();
    private final Set<String> values = new HashSet<>();

    KafkaTopicReader(String bootstrap, String topic) {
        StringDeserializer latin1 = new StringDeserializer();
        latin1.configure(Map.of("value.deserializer.encoding", "ISO-8859-1"), false);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), latin1);
        consumer.subscribe(List.of(topic));
    }

    /** Fetches what arrived since the last call (waits at most 200 ms). */
    KafkaTopicReader poll() {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            records.add(r);
            values.add(r.value());
        }
        return this;
    }

    List<ConsumerRecord<String, String>> records() {
        return records;
    }

    /** Distinct record values read so far. */
    Set<String> values() {
        return values;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
