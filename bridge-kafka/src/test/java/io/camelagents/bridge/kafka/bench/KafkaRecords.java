package io.camelagents.bridge.kafka.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.pilot.protocol.PublishPacer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The records the Kafka -> Pilot cases consume: text {@code k:<partition>:<seq>} (text, because kafka-to-pilot reads
 * values as Strings) with the {@code pilot.topic} header, written round-robin with explicit partition numbers. Not
 * with null keys: the producer's sticky partitioner then fills whole batches into one partition at a time, which
 * left 2 of 4 partitions empty and capped 4 kafka-to-pilot instances at 192/s (one consumer per partition).
 */
final class KafkaRecords {
    private KafkaRecords() {
    }

    static String text(int partition, long seq) {
        return "k:" + partition + ":" + seq;
    }

    /** A record of the latency case: partition 0, with its send time (nanoTime, this JVM). */
    static String timed(long seq, long nanos) {
        return "k:0:" + seq + ":" + nanos;
    }

    /** {partition, seq, send nanoTime or -1}, or null when {@code s} is neither a {@link #text} nor a {@link #timed}. */
    static long[] parse(String s) {
        String[] f = s.split(":");
        if (f.length < 3 || f.length > 4 || !f[0].equals("k")) {
            return null;
        }
        try {
            return new long[] {Integer.parseInt(f[1]), Long.parseLong(f[2]), f.length == 4 ? Long.parseLong(f[3]) : -1};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Appends {@code perPartition} records to each partition, continuing the sequence numbers in {@code next}. */
    static void write(String bootstrap, String topic, long[] next, long perPartition, String pilotTopic) {
        byte[] header = pilotTopic.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new StringSerializer())) {
            for (long i = 0; i < perPartition; i++) {
                for (int part = 0; part < next.length; part++) {
                    ProducerRecord<String, String> r = new ProducerRecord<>(topic, part, null, text(part, next[part]++));
                    r.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, header);
                    p.send(r);
                }
            }
            p.flush();
        }
    }

    /**
     * Sends a probe record until {@code probeSeen} (60 s at most), then {@code count} {@link #timed} records to
     * partition 0 at {@code rate}/s, each sent as soon as its slot comes (acks=1, no linger: the writer adds little).
     */
    static void writePaced(String bootstrap, String topic, String pilotTopic, long count, int rate, BooleanSupplier probeSeen)
            throws Exception {
        byte[] header = pilotTopic.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!probeSeen.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no probe record came out of kafka-to-pilot within 60 s");
                }
                ProducerRecord<String, String> probe = new ProducerRecord<>(topic, 0, null, "probe");
                probe.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, header);
                p.send(probe);
                Thread.sleep(200);
            }
            PublishPacer pacer = new PublishPacer(rate);
            for (long i = 0; i < count; i++) {
                pacer.await();
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, 0, null, timed(i, System.nanoTime()));
                r.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, header);
                p.send(r);
            }
            p.flush();
        }
    }

    /**
     * Reference: a plain kafka-clients consumer reads all {@code total} records of the topic from its start (assigned,
     * no group). Returns records per second, from the first poll to the last record (120 s at most).
     */
    static double plainConsumerRate(String bootstrap, String topic, long total) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long n = 0;
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            while (n < total && System.nanoTime() < deadline) {
                n += c.poll(Duration.ofMillis(200)).count();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
