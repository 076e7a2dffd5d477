package io.camelagents.examples.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the pipeline outcomes topic (what agent C bridged) from the beginning, as a downstream Kafka consumer of the bridge would, and
 * keeps what it read so a record can be looked for more than once.
 */
public final class PipelineOutcomesReader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> read = new ArrayList<>();

    public PipelineOutcomesReader(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(PipelineInfrastructure.KAFKA_TOPIC));
    }

    /** Reads what arrived (waiting at most 200 ms); the first record read so far whose value contains {@code text}, or null. */
    public ConsumerRecord<String, String> find(String text) {
        return find(r -> r.value() != null && r.value().contains(text));
    }

    /** Reads what arrived (waiting at most 200 ms); the first record read so far that matches, or null. */
    public ConsumerRecord<String, String> find(Predicate<ConsumerRecord<String, String>> wanted) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            read.add(r);
        }
        for (ConsumerRecord<String, String> r : read) {
            if (wanted.test(r)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Reads until a record with key {@code topic} (the bridge keys records by Pilot topic) whose value contains
     * {@code text} shows up; null after the timeout.
     */
    public ConsumerRecord<String, String> awaitOutcome(String topic, String text, Duration timeout) {
        Predicate<ConsumerRecord<String, String>> wanted = r -> topic.equals(r.key()) && r.value() != null && r.value().contains(text);
        long deadline = System.nanoTime() + timeout.toNanos();
        ConsumerRecord<String, String> found = find(wanted);
        while (found == null && System.nanoTime() - deadline < 0) {
            found = find(wanted);
        }
        return found;
    }

    /** The first data.processed or data.rejected record about a dataset; null after the timeout. */
    public ConsumerRecord<String, String> awaitOutcome(String datasetId, Duration timeout) {
        Predicate<ConsumerRecord<String, String>> wanted = r -> ("data.processed".equals(r.key()) || "data.rejected".equals(r.key()))
                && r.value() != null && r.value().contains(datasetId);
        long deadline = System.nanoTime() + timeout.toNanos();
        ConsumerRecord<String, String> found = find(wanted);
        while (found == null && System.nanoTime() - deadline < 0) {
            found = find(wanted);
        }
        return found;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
