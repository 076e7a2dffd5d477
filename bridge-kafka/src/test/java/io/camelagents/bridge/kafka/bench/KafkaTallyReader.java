package io.camelagents.bridge.kafka.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A kafka-clients consumer on a thread of its own reading every partition of a topic from its start into an
 * {@link EventTally} ({@link EventTally#recordRaw}: latency = receive nanoTime - the payload's send nanoTime). It is
 * assigned the partitions (no group join), so it reads from the moment it starts.
 */
final class KafkaTallyReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile Throwable failure;

    KafkaTallyReader(String bootstrap, String topic, EventTally tally) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> {
            try {
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        tally.recordRaw(r.value());
                    }
                }
            } catch (Throwable e) {
                failure = e;
            }
        }, "bench-kafka-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
