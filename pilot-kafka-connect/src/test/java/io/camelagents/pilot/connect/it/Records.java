package io.camelagents.pilot.connect.it;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.camelagents.brokers.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, "k" + (i % 64), prefix + i);
                r.headers().add("pilot.topic", pilotTopic.getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
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
