package io.camelagents.bridge.kafka.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.camelagents.pilot.protocol.PublishPacer;
import io.camelagents.pilot.testkit.RawEventPublisher;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka hop alone, for Pilot -> Kafka: one kafka-clients producer with the bridge's settings (idempotent,
 * acks=all, linger.ms=5, asynchronous sends) fed by N threads, each paced exactly like a {@link RawEventPublisher}
 * at {@code rate}/s, sending the same 20-byte payload (with its send time) under the same key (the Pilot topic).
 */
final class PacedKafkaSender {
    private PacedKafkaSender() {
    }

    /**
     * Sends a probe record first and waits (30 s at most) until {@code probeSeen}: the reader is then reading, so
     * its start-up is not in the latencies. Then each of {@code senders} threads sends {@code perSender} records.
     */
    static PilotPublishers.Published send(String bootstrap, String topic, String key, int senders, int rate, long perSender,
            BooleanSupplier probeSeen) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        AtomicLong sent = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long startedAt;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, EventTally.PROBE)).get(30, TimeUnit.SECONDS);
            long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!probeSeen.getAsBoolean()) {
                if (System.nanoTime() > probeDeadline) {
                    throw new IllegalStateException("the probe record did not reach the reader of " + topic + " within 30 s");
                }
                Thread.sleep(20);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(perSender / rate * 2 + 60);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                int index = i;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        PublishPacer pacer = new PublishPacer(rate); // the same spacing as the Pilot publishers
                        for (long seq = 0; seq < perSender && System.nanoTime() < deadline; seq++) {
                            pacer.await();
                            producer.send(new ProducerRecord<>(topic, key, RawEventPublisher.encode(index, seq, System.nanoTime())), (m, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                            sent.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "bench-kafka-sender-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            startedAt = System.nanoTime();
            start.countDown();
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 1000);
            }
            producer.flush();
        }
        Throwable f = failure.get();
        return new PilotPublishers.Published(sent.get(), startedAt, System.nanoTime(), f == null ? "" : f.toString());
    }
}
