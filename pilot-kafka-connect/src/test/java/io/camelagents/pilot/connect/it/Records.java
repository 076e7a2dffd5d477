package io.camelagents.pilot.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.camelagents.brokers.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing test records and reading a sink's committed progress. */
final class Records {
    private Records() {
    }

    /**
     * Produces {@code prefix0 .. prefix(count-1)} as values (keys spread them over the partitions), each with the
     * {@code pilot.topic} header the sink publishes to.
     */
    static void produce(EmbeddedKafka kafka, String topic, String prefix, int count, String pilotTopic) throws Exception {
        awaitPartitionsServing(kafka, topic);
        List<Future<RecordMetadata>> sent = new ArrayList<>(count);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, "k" + (i % 64), prefix + i);
                r.headers().add("pilot.topic", pilotTopic.getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(r));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS); // a record that did not make it fails the test here, not as a "lost" id later
            }
        }
        assertEquals(count, endOffsets(kafka, topic), "records in " + topic + " (each exactly once)");
    }

    /**
     * Waits until every partition's leader serves a ListOffsets request. createTopics returns when the controller
     * has the topic, before the broker has loaded the partitions; producing into that gap gives
     * NOT_LEADER_OR_FOLLOWER, then OutOfOrderSequence retries of the idempotent producer and, after the delivery
     * timeout, records that never arrive (seen here: 101 of 10,000).
     */
    static void awaitPartitionsServing(EmbeddedKafka kafka, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                endOffsets(kafka, topic);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("partitions of " + topic + " not served within 60 s", last);
    }

    /** Sum of the partitions' end offsets. */
    static long endOffsets(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /**
     * Records of {@code topic} the sink connector's consumer group has not committed yet (end offset minus committed,
     * summed over partitions). The sink commits only what it wrote to the daemon, so 0 means every record was
     * published at least once.
     */
    static long uncommitted(EmbeddedKafka kafka, String connector, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long behind = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                behind += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return behind;
        }
    }
}
