package io.camelagents.examples.research;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the research events topic from the beginning, as a downstream Kafka consumer of the bridge would, and
 * keeps what it read so a record can be looked for more than once.
 */
public final class ResearchEventsReader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> read = new ArrayList<>();

    public ResearchEventsReader(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "research-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(ResearchAgentApp.KAFKA_TOPIC));
    }

    /** Reads what arrived (waiting at most 200 ms); the first record read so far whose value contains {@code text}, or null. */
    public ConsumerRecord<String, String> find(String text) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            read.add(r);
        }
        for (ConsumerRecord<String, String> r : read) {
            if (r.value() != null && r.value().contains(text)) {
                return r;
            }
        }
        return null;
    }

    /** Reads until a record whose value contains {@code text} shows up; null after the timeout. */
    public ConsumerRecord<String, String> awaitRecord(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConsumerRecord<String, String> found = find(text);
        while (found == null && System.nanoTime() - deadline < 0) {
            found = find(text);
        }
        return found;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
