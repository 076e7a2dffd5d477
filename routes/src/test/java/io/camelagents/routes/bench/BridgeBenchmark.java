package io.camelagents.routes.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import io.camelagents.routes.BridgeHeaders;
import io.camelagents.routes.KafkaToPilotTemplate;
import io.camelagents.routes.PilotToKafkaTemplate;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bridge throughput and latency next to the plain references on the same machine, plus heap after many events.
 * Not a test: run it and read the figures.
 *
 * <pre>
 * mvn -q -pl routes test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.camelagents.routes.bench.BridgeBenchmark
 * </pre>
 *
 * Sizes (system properties): bench.kafkaRecords (20000), bench.pilotEvents (3000), bench.instances (4),
 * bench.heapEvents (1000000). Every loop is bounded by a count and a timeout.
 */
public final class BridgeBenchmark {
    static final int KAFKA_RECORDS = Integer.getInteger("bench.kafkaRecords", 20_000);
    static final int PILOT_EVENTS = Integer.getInteger("bench.pilotEvents", 3000);
    static final int INSTANCES = Integer.getInteger("bench.instances", 4);
    static final int HEAP_EVENTS = Integer.getInteger("bench.heapEvents", 1_000_000);
    /** Body of the probe records that confirm the latency path before the samples. */
    static final String PROBE = "probe";

    private final EmbeddedKafka kafka;
    private final PilotNode node;
    private final List<String> report = new ArrayList<>();

    private BridgeBenchmark(EmbeddedKafka kafka, PilotNode node) {
        this.kafka = kafka;
        this.node = node;
    }

    public static void main(String[] args) throws Exception {
        try (LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(1).hostnamePrefix("bench").start();
                EmbeddedKafka kafka = new EmbeddedKafka().start()) {
            BridgeBenchmark bench = new BridgeBenchmark(kafka, network.node(0));
            bench.kafkaProducerAlone();
            bench.driverSubscriberAlone();
            bench.pilotToKafkaBridge();
            bench.kafkaConsumerAlone();
            bench.kafkaToPilotBridge(1);
            bench.kafkaToPilotBridge(INSTANCES);
            bench.kafkaToPilotLatency();
            bench.heapAfterManyEventsThroughKafkaToPilot();
            System.out.println();
            System.out.println("==== bridge benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB) ====");
            bench.report.forEach(System.out::println);
        }
        System.exit(0); // Kafka/Vert.x leave non-daemon threads behind
    }

    // ------------------------------------------------------------------ Pilot -> Kafka

    /** Reference: kafka-clients alone, the sender's settings (idempotent, acks=all, one synchronous send at a time), and async. */
    private void kafkaProducerAlone() throws Exception {
        kafka.createTopic("ref-producer", 1);
        try (KafkaProducer<String, String> p = producer(true)) {
            int n = Math.min(KAFKA_RECORDS, 5000);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>("ref-producer", "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
            line("reference  kafka-clients producer, sync one-at-a-time (bridge sender settings)", n, t0);
            t0 = System.nanoTime();
            for (int i = 0; i < KAFKA_RECORDS; i++) {
                p.send(new ProducerRecord<>("ref-producer", "k", "v" + i));
            }
            p.flush();
            line("reference  kafka-clients producer, async", KAFKA_RECORDS, t0);
        }
    }

    /** Reference: a pilot:events subscriber alone, fed by one paced publisher (100/s, the broker's per-connection limit). */
    private void driverSubscriberAlone() throws Exception {
        CamelContext context = context();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(PILOT_EVENTS);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=bench.ref&socketPath=" + node.socketPath()).routeId("ref-sub").process(e -> {
                    latencies.add(System.nanoTime() - Long.parseLong(e.getIn().getBody(String.class)));
                    all.countDown();
                });
            }
        });
        context.start();
        try {
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            long t0 = System.nanoTime();
            publish(context, "bench.ref", PILOT_EVENTS);
            all.await(PILOT_EVENTS / 50 + 60, TimeUnit.SECONDS);
            line("reference  pilot:events subscriber alone (1 publisher at 100/s)", PILOT_EVENTS - (int) all.getCount(), t0);
            latency("reference  publish -> pilot:events subscriber", latencies);
        } finally {
            context.stop();
        }
    }

    private void pilotToKafkaBridge() throws Exception {
        kafka.createTopic("bench-p2k", 1);
        CamelContext context = context();
        context.addRoutes(new PilotToKafkaTemplate());
        context.start();
        try {
            TemplatedRouteBuilder.builder(context, PilotToKafkaTemplate.ID).routeId("p2k")
                    .parameter("pilotTopic", "bench.p2k").parameter("socketPath", node.socketPath().toString())
                    .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", "bench-p2k").add();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicLong received = new AtomicLong();
            long t0 = System.nanoTime();
            Thread reader = new Thread(() -> readLatencies("bench-p2k", PILOT_EVENTS, latencies, received), "bench-reader");
            reader.start();
            publish(context, "bench.p2k", PILOT_EVENTS);
            reader.join(TimeUnit.SECONDS.toMillis(PILOT_EVENTS / 50 + 60));
            line("bridge     pilot-to-kafka (1 publisher at 100/s -> Kafka)", (int) received.get(), t0);
            latency("bridge     publish -> pilot-to-kafka -> Kafka consumer", latencies);
        } finally {
            context.stop();
        }
    }

    // ------------------------------------------------------------------ Kafka -> Pilot

    private void kafkaConsumerAlone() throws Exception {
        kafka.createTopic("bench-k2p", INSTANCES);
        preload("bench-k2p", INSTANCES, KAFKA_RECORDS, "bench.k2p");
        long t0 = System.nanoTime();
        int n = 0;
        try (KafkaConsumer<String, String> c = consumer()) {
            c.subscribe(List.of("bench-k2p"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (n < KAFKA_RECORDS && System.nanoTime() < deadline) {
                n += c.poll(Duration.ofMillis(200)).count();
            }
            c.commitSync();
        }
        line("reference  kafka-clients consumer alone", n, t0);
    }

    private void kafkaToPilotBridge(int instances) throws Exception {
        int n = Math.min(KAFKA_RECORDS, 1000 * instances);
        String topic = "bench-k2p-" + instances;
        kafka.createTopic(topic, instances);
        preload(topic, instances, n, "bench.k2p" + instances);
        CamelContext context = context();
        CountDownLatch all = new CountDownLatch(n);
        AtomicLong firstAt = new AtomicLong();
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        context.addRoutes(new KafkaToPilotTemplate());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=bench.k2p" + instances + "&socketPath=" + node.socketPath()).routeId("count").process(e -> {
                    long now = System.nanoTime();
                    firstAt.compareAndSet(0, now);
                    times.add(now);
                    all.countDown();
                });
            }
        });
        context.start();
        try {
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            long t0 = System.nanoTime();
            for (int i = 0; i < instances; i++) {
                TemplatedRouteBuilder.builder(context, KafkaToPilotTemplate.ID).routeId("k2p-" + i)
                        .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", topic)
                        .parameter("groupId", "bench-" + instances).parameter("socketPath", node.socketPath().toString()).add();
            }
            all.await(n / 50 + 60, TimeUnit.SECONDS);
            line("bridge     kafka-to-pilot, " + instances + " instance(s) x 100/s, received by a subscriber", n - (int) all.getCount(), t0);
            // the same without the consumer group's joins and rebalances (instances join one by one)
            line("bridge     kafka-to-pilot, " + instances + " instance(s) x 100/s, from the first event on", n - (int) all.getCount(),
                    firstAt.get() == 0 ? t0 : firstAt.get());
            // the instances join their group one by one: the first consumes every partition alone (100/s) until the
            // rebalances are done, so a short run understates the steady rate; this is the rate once all consume
            report.add(String.format("%-95s %,10.0f /s", "bridge     kafka-to-pilot, " + instances + " instance(s) x 100/s, best 5 s window",
                    bestWindow(times, 5)));
        } finally {
            context.stop();
        }
    }

    /** End-to-end latency Kafka -> bridge -> subscriber at 50 records/s (below the publish limit, so no queueing). */
    private void kafkaToPilotLatency() throws Exception {
        kafka.createTopic("bench-k2p-lat", 1);
        CamelContext context = context();
        int n = Math.min(PILOT_EVENTS, 1000);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(n);
        AtomicBoolean probeSeen = new AtomicBoolean();
        context.addRoutes(new KafkaToPilotTemplate());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=bench.lat&socketPath=" + node.socketPath()).routeId("lat").process(e -> {
                    String body = e.getIn().getBody(String.class);
                    if (body.equals(PROBE)) {
                        probeSeen.set(true);
                        return;
                    }
                    latencies.add(System.nanoTime() - Long.parseLong(body));
                    all.countDown();
                });
            }
        });
        context.start();
        try {
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            TemplatedRouteBuilder.builder(context, KafkaToPilotTemplate.ID).routeId("k2p-lat")
                    .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", "bench-k2p-lat")
                    .parameter("autoOffsetReset", "latest").parameter("groupId", "lat")
                    .parameter("socketPath", node.socketPath().toString()).add();
            try (KafkaProducer<String, String> p = producer(false)) {
                // with autoOffsetReset=latest, records sent before the group has joined are never read: send probe
                // records until one comes out at the subscriber, so no sample carries (or misses) the join
                ProducerRecord<String, String> probe = new ProducerRecord<>("bench-k2p-lat", null, PROBE);
                probe.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, "bench.lat".getBytes(StandardCharsets.UTF_8));
                PilotReadiness.confirmSubscription(() -> p.send(probe), probeSeen::get, Duration.ofSeconds(120));
                for (int i = 0; i < n; i++) {
                    ProducerRecord<String, String> r = new ProducerRecord<>("bench-k2p-lat", null, Long.toString(System.nanoTime()));
                    r.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, "bench.lat".getBytes(StandardCharsets.UTF_8));
                    p.send(r);
                    Thread.sleep(20);
                }
            }
            all.await(60, TimeUnit.SECONDS);
            latency("bridge     Kafka producer -> kafka-to-pilot -> pilot:events subscriber (50/s)", latencies);
        } finally {
            context.stop();
        }
    }

    /**
     * Heap after HEAP_EVENTS records through the Kafka side of kafka-to-pilot. Pilot cannot carry 1M events in a
     * benchmark (100/s per connection = 2.8 h), so this run sets publishRate=0: every record is consumed, mapped,
     * written to the daemon and committed, but the broker drops what exceeds its limit. It measures the bridge's
     * memory, not delivery.
     */
    private void heapAfterManyEventsThroughKafkaToPilot() throws Exception {
        kafka.createTopic("bench-heap", 1);
        preload("bench-heap", 1, HEAP_EVENTS, "bench.heap");
        CamelContext context = context();
        context.addRoutes(new KafkaToPilotTemplate());
        context.start();
        try {
            long before = usedHeapAfterGc();
            long t0 = System.nanoTime();
            TemplatedRouteBuilder.builder(context, KafkaToPilotTemplate.ID).routeId("k2p-heap")
                    .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", "bench-heap")
                    .parameter("groupId", "heap").parameter("maxPollRecords", "500").parameter("publishRate", "0")
                    .parameter("socketPath", node.socketPath().toString()).add();
            var stats = context.getCamelContextExtension().getContextPlugin(org.apache.camel.api.management.ManagedCamelContext.class)
                    .getManagedRoute("k2p-heap");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            long peak = 0;
            while (stats.getExchangesCompleted() < HEAP_EVENTS && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                peak = Math.max(peak, usedHeap());
            }
            long done = stats.getExchangesCompleted();
            line("bridge     kafka-to-pilot, publishRate=0 (heap run; broker drops the excess)", (int) done, t0);
            long after = usedHeapAfterGc();
            report.add(String.format("heap       after %,d records through kafka-to-pilot: %d MiB used after GC (before: %d MiB, peak sampled %d MiB)",
                    done, after >> 20, before >> 20, peak >> 20));
        } finally {
            context.stop();
        }
    }

    // ------------------------------------------------------------------ helpers

    private CamelContext context() {
        CamelContext context = new DefaultCamelContext();
        PilotComponent pilot = context.getComponent("pilot", PilotComponent.class);
        pilot.getConfiguration().setShutdownTimeout(5000);
        context.getShutdownStrategy().setTimeout(20);
        return context;
    }


    /** Publishes count events whose body is the send time (nanoTime), paced by the producer at 100/s. */
    private void publish(CamelContext context, String topic, int count) {
        ProducerTemplate template = context.createProducerTemplate();
        for (int i = 0; i < count; i++) {
            template.sendBodyAndHeader("pilot:events?socketPath=" + node.socketPath(), Long.toString(System.nanoTime()), PilotConstants.TOPIC, topic);
        }
    }

    private void readLatencies(String topic, int expected, List<Long> latencies, AtomicLong received) {
        try (KafkaConsumer<String, String> c = consumer()) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(expected / 50 + 60);
            while (received.get() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                    latencies.add(System.nanoTime() - Long.parseLong(r.value()));
                    received.incrementAndGet();
                }
            }
        }
    }

    /**
     * Writes count records round-robin over the topic's partitions. Not with a null key: the producer's sticky
     * partitioner then fills whole batches into one partition at a time, which left 2 of 4 partitions empty here
     * and capped N kafka-to-pilot instances at 2 x 100/s (one consumer per partition).
     */
    private void preload(String topic, int partitions, int count, String pilotTopic) {
        byte[] header = pilotTopic.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, String> p = producer(false)) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, i % partitions, null, "id-" + i);
                r.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, header);
                p.send(r);
            }
            p.flush();
        }
    }

    private KafkaProducer<String, String> producer(boolean idempotent) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent,
                ProducerConfig.LINGER_MS_CONFIG, idempotent ? 0 : 5), new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new StringDeserializer());
    }

    private void line(String what, int count, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        report.add(String.format("%-95s %,9d in %7.1f s = %,10.0f /s", what, count, seconds, count / seconds));
    }

    private void latency(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            report.add(what + ": no samples");
            return;
        }
        report.add(String.format("%-95s p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms (%d samples)", what,
                pct(sorted, 0.50), pct(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, sorted.size()));
    }

    /** Events per second in the busiest window of {@code seconds} (all of them if the run was shorter). */
    private static double bestWindow(List<Long> times, int seconds) {
        List<Long> t;
        synchronized (times) {
            t = new ArrayList<>(times);
        }
        Collections.sort(t);
        if (t.size() < 2) {
            return t.size();
        }
        long w = TimeUnit.SECONDS.toNanos(seconds);
        if (t.get(t.size() - 1) - t.get(0) < w) {
            return t.size() / ((t.get(t.size() - 1) - t.get(0)) / 1e9);
        }
        int best = 0;
        for (int i = 0, j = 0; i < t.size(); i++) {
            while (t.get(i) - t.get(j) >= w) {
                j++;
            }
            best = Math.max(best, i - j + 1);
        }
        return best / (double) seconds;
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return usedHeap();
    }
}
