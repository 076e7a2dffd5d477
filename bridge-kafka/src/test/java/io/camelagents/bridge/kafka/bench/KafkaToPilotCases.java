package io.camelagents.bridge.kafka.bench;

import static io.camelagents.bridge.kafka.bench.BenchSupport.fmt;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.camelagents.bridge.kafka.KafkaToPilotBridge;
import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * Kafka -> Pilot with N {@code kafka-to-pilot} instances in one consumer group over a topic with N partitions,
 * received by a {@code pilot:events} route:
 * <ol>
 * <li>{@code preloadSeconds} x 100 records per partition are written first, so the instances join under load (they
 * join one by one, each join a rebalance; at-least-once may deliver some records twice meanwhile);</li>
 * <li>once the group is stable with N members, each owning a partition, {@code (windowSeconds + 10) x 100} more
 * records per partition are written, so every instance has a backlog for the whole window;</li>
 * <li>the steady rate is the events received in the {@code windowSeconds} starting 1 s after that write (the
 * instances resume fetching), not the joins.</li>
 * </ol>
 * The reference is a plain kafka-clients consumer reading the same records.
 */
final class KafkaToPilotCases {
    /** kafka-to-pilot's default publishRate: each instance's one Pilot connection carries at most this. */
    static final int PUBLISH_RATE = 100;

    record Row(int instances, double target, double steady, double fromFirst, double joinSeconds, long distinct, long duplicates,
            double plainConsumer, String cpu) {
        String text() {
            return fmt("k2p N=%2d kafka-to-pilot: steady %,.0f/s (target %,.0f/s), %,.0f/s from the first event; group stable after %.1f s;"
                    + " %,d distinct, %,d duplicate(s); plain kafka-clients consumer %,.0f/s; %s", instances, steady, target, fromFirst,
                    joinSeconds, distinct, duplicates, plainConsumer, cpu);
        }
    }

    private final EmbeddedKafka kafka;
    private final PilotNode node;
    private final int preloadSeconds;
    private final int windowSeconds;
    private final int joinTimeoutSeconds;
    private final Consumer<String> log;
    private int caseNo;

    KafkaToPilotCases(EmbeddedKafka kafka, PilotNode node, int preloadSeconds, int windowSeconds, int joinTimeoutSeconds,
            Consumer<String> log) {
        this.kafka = kafka;
        this.node = node;
        this.preloadSeconds = preloadSeconds;
        this.windowSeconds = windowSeconds;
        this.joinTimeoutSeconds = joinTimeoutSeconds;
        this.log = log;
    }

    /** A started context with the kafka-to-pilot template and a subscriber to {@code pilotTopic} feeding {@code tally}. */
    private CamelContext contextWithSubscriber(String pilotTopic, EventTally tally) throws Exception {
        CamelContext context = BenchSupport.context();
        context.addRoutes(new KafkaToPilotBridge());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=" + pilotTopic + "&socketPath=" + node.socketPath()).routeId("subscriber")
                        .process(e -> tally.recordText(e.getIn().getBody(byte[].class)));
            }
        });
        context.start();
        return context;
    }

    /** Until a probe published after the subscriber started has reached it (Pilot acknowledges no subscription). */
    private void awaitSubscribed(CamelContext context, String pilotTopic, EventTally tally) throws Exception {
        PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
        try (PilotPublishers probe = new PilotPublishers(node, 1, PUBLISH_RATE)) {
            probe.probeUntil(pilotTopic, () -> tally.probes() > 0, 60);
        }
    }

    Row run(int instances) throws Exception {
        int id = ++caseNo;
        String topic = "bench-k2p-" + id;
        String pilotTopic = "bench.k2p." + id;
        String group = "bench-k2p-" + id;
        kafka.createTopic(topic, instances);
        long[] next = new long[instances];
        KafkaRecords.write(kafka.bootstrapServers(), topic, next, (long) PUBLISH_RATE * preloadSeconds, pilotTopic);

        EventTally tally = new EventTally();
        CamelContext context = contextWithSubscriber(pilotTopic, tally);
        try (Admin admin = kafka.admin()) {
            awaitSubscribed(context, pilotTopic, tally);
            BenchSupport.Cpu cpu = BenchSupport.Cpu.start(node);
            long t0 = System.nanoTime();
            for (int i = 0; i < instances; i++) {
                TemplatedRouteBuilder.builder(context, KafkaToPilotBridge.ID).routeId("k2p-" + i)
                        .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", topic)
                        .parameter("groupId", group).parameter("socketPath", node.socketPath().toString()).add();
            }
            long joined = awaitStableGroup(admin, group, instances);
            KafkaRecords.write(kafka.bootstrapServers(), topic, next, (long) PUBLISH_RATE * (windowSeconds + 10), pilotTopic);
            long from = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            long to = from + TimeUnit.SECONDS.toNanos(windowSeconds);
            while (System.nanoTime() < to) {
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(to - System.nanoTime())));
            }
            double steady = tally.countBetween(from, to) / (double) windowSeconds;
            long first = tally.firstAt();
            double fromFirst = first == 0 ? 0 : tally.countBetween(first, to) / ((to - first) / 1e9);
            String cpuText = cpu.since();
            context.stop();
            long total = 0;
            for (long n : next) {
                total += n;
            }
            double plain = KafkaRecords.plainConsumerRate(kafka.bootstrapServers(), topic, total);
            Row row = new Row(instances, 0.9 * instances * 95, steady, fromFirst, (joined - t0) / 1e9, tally.distinct(), tally.duplicates(),
                    plain, cpuText);
            log.accept(row.text());
            return row;
        } finally {
            context.stop();
        }
    }

    /**
     * Latency Kafka -> one kafka-to-pilot instance -> the subscriber: records with their send time written at
     * {@code rate}/s (below the instance's 100/s, so no backlog) for {@code seconds}.
     */
    String latency(int rate, int seconds) throws Exception {
        int id = ++caseNo;
        String topic = "bench-k2p-lat-" + id;
        String pilotTopic = "bench.k2p.lat." + id;
        kafka.createTopic(topic, 1);
        EventTally tally = new EventTally();
        CamelContext context = contextWithSubscriber(pilotTopic, tally);
        try {
            awaitSubscribed(context, pilotTopic, tally);
            long probes = tally.probes();
            TemplatedRouteBuilder.builder(context, KafkaToPilotBridge.ID).routeId("k2p-lat")
                    .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", topic)
                    .parameter("groupId", "bench-k2p-lat-" + id).parameter("socketPath", node.socketPath().toString()).add();
            BenchSupport.Cpu cpu = BenchSupport.Cpu.start(node);
            long count = (long) rate * seconds;
            KafkaRecords.writePaced(kafka.bootstrapServers(), topic, pilotTopic, count, rate, () -> tally.probes() > probes);
            tally.awaitDistinct(count, 5000, 60_000);
            EventTally.Latency l = tally.latency();
            String line = fmt("k2p latency, Kafka producer (acks=1, no linger) -> kafka-to-pilot -> pilot:events subscriber at %d/s: %,d of %,d"
                    + " received, p50 %.1f ms, p99 %.1f ms, max %.1f ms; %s", rate, tally.distinct(), count, l.p50(), l.p99(), l.max(), cpu.since());
            log.accept(line);
            return line;
        } finally {
            context.stop();
        }
    }

    /** Waits until the group is stable with {@code members} members, each assigned a partition; returns when (nanoTime). */
    private long awaitStableGroup(Admin admin, String group, int members) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(joinTimeoutSeconds);
        ConsumerGroupDescription d = null;
        while (System.nanoTime() < deadline) {
            d = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
            if (d.groupState() == GroupState.STABLE && d.members().size() == members
                    && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("group " + group + " not stable with " + members + " members within " + joinTimeoutSeconds
                + " s: " + (d == null ? "-" : d.groupState() + ", " + d.members().size() + " members"));
    }
}
