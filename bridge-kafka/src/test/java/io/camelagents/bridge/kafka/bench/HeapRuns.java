package io.camelagents.bridge.kafka.bench;

import static io.camelagents.bridge.kafka.bench.BenchSupport.fmt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.camelagents.bridge.kafka.KafkaSendBuffer;
import io.camelagents.bridge.kafka.KafkaToPilotBridge;
import io.camelagents.bridge.kafka.PilotToKafkaBridge;
import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * This JVM's heap (it also runs the Kafka broker) while many events pass a bridge: used heap after GC before and
 * after, the highest used heap sampled every second, and used heap after one GC at each quarter of the events.
 */
final class HeapRuns {
    private final EmbeddedKafka kafka;
    private final PilotNode node;

    HeapRuns(EmbeddedKafka kafka, PilotNode node) {
        this.kafka = kafka;
        this.node = node;
    }

    /** {@code events} through pilot-to-kafka from {@code publishers} raw publishers at {@code rate}/s each. */
    String pilotToKafka(long events, int publishers, int rate) throws Exception {
        String topic = "bench.heap.p2k";
        String kafkaTopic = "bench-heap-p2k";
        kafka.createTopic(kafkaTopic, 1);
        CamelContext context = BenchSupport.context();
        context.addRoutes(new PilotToKafkaBridge());
        context.start();
        try (PilotPublishers pubs = new PilotPublishers(node, publishers, rate)) {
            TemplatedRouteBuilder.builder(context, PilotToKafkaBridge.ID).routeId("pilot-to-kafka-heap")
                    .parameter("pilotTopic", topic).parameter("socketPath", node.socketPath().toString())
                    .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", kafkaTopic)
                    .parameter("bufferName", "bench-heap")
                    .parameter("overflowUri", "log:io.camelagents.bridge.kafka.bench.overflow?level=WARN&groupInterval=5000")
                    .add();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            KafkaSendBuffer buffer = context.getRegistry().lookupByNameAndType("bench-heap", KafkaSendBuffer.class);
            if (buffer == null) {
                throw new IllegalStateException("no KafkaSendBuffer named bench-heap in the registry");
            }
            pubs.probeUntil(topic, () -> buffer.getSent() > 0, 60); // probes: sent by the bridge, not events
            long probes = buffer.getAccepted();
            long before = BenchSupport.usedHeapAfterGc();
            BenchSupport.Cpu cpu = BenchSupport.Cpu.start(node);
            long perPublisher = (events + publishers - 1) / publishers;
            CompletableFuture<PilotPublishers.Published> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return pubs.publish(topic, perPublisher, rate);
                } catch (InterruptedException e) {
                    throw new CompletionException(e);
                }
            });
            long peak = 0;
            long quarter = perPublisher * publishers / 4;
            List<String> trend = new ArrayList<>();
            while (!run.isDone()) {
                peak = Math.max(peak, BenchSupport.usedHeap());
                if (pubs.sent() >= quarter * (trend.size() + 1) && trend.size() < 3) {
                    System.gc(); // one collection, not three: a long pause would show up as overflow
                    trend.add(fmt("%,d: %d MiB", pubs.sent(), BenchSupport.usedHeap() >> 20));
                }
                Thread.sleep(1000);
            }
            PilotPublishers.Published published = run.get();
            // events still on their way from the broker, then in the buffer until Kafka acknowledged them
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long seen = -1;
            long changedAt = System.nanoTime();
            while (System.nanoTime() < deadline) {
                long now = buffer.getAccepted() + buffer.getOverflowed();
                if (now != seen) {
                    seen = now;
                    changedAt = System.nanoTime();
                } else if (buffer.getHeld() == 0 && System.nanoTime() - changedAt > TimeUnit.SECONDS.toNanos(2)) {
                    break;
                }
                Thread.sleep(100);
            }
            String cpuText = cpu.since();
            long after = BenchSupport.usedHeapAfterGc();
            trend.add(fmt("end: %d MiB", after >> 20));
            long inKafka = endOffset(kafkaTopic) - probes;
            return fmt("heap pilot-to-kafka, %d publishers x %d/s: published %,d (%,.0f/s%s); buffer accepted %,d, sent %,d, overflowed %,d,"
                    + " resent %,d, dropped %,d (probes excluded); in Kafka %,d; used heap after GC %d MiB before, %d MiB after, peak sampled %d MiB;"
                    + " after GC at %s; %s", publishers, rate, published.offered(), published.offered() / published.seconds(),
                    published.errors().isEmpty() ? "" : ", ERRORS " + published.errors(), buffer.getAccepted() - probes,
                    buffer.getSent() - probes, buffer.getOverflowed(), buffer.getResent(), buffer.getDropped(), inKafka, before >> 20, after >> 20, peak >> 20,
                    String.join(", ", trend), cpuText);
        } finally {
            context.stop();
        }
    }

    /**
     * {@code records} through the Kafka side of kafka-to-pilot. Pilot cannot carry 1M events from one connection in a
     * benchmark (100/s = 2.8 h), so this run sets publishRate=0: every record is consumed, mapped, written to the
     * daemon and committed, but the broker drops what exceeds its limit. It measures the bridge's memory, not delivery.
     */
    String kafkaToPilot(long records) throws Exception {
        String topic = "bench-heap-k2p";
        kafka.createTopic(topic, 1);
        KafkaRecords.write(kafka.bootstrapServers(), topic, new long[1], records, "bench.heap.k2p");
        CamelContext context = BenchSupport.context();
        context.addRoutes(new KafkaToPilotBridge());
        context.start();
        try {
            long before = BenchSupport.usedHeapAfterGc();
            long t0 = System.nanoTime();
            TemplatedRouteBuilder.builder(context, KafkaToPilotBridge.ID).routeId("k2p-heap")
                    .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", topic)
                    .parameter("groupId", "heap").parameter("maxPollRecords", "500").parameter("publishRate", "0")
                    .parameter("socketPath", node.socketPath().toString()).add();
            ManagedRouteMBean stats = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                    .getManagedRoute("k2p-heap");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            long peak = 0;
            while (stats.getExchangesCompleted() < records && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                peak = Math.max(peak, BenchSupport.usedHeap());
            }
            long done = stats.getExchangesCompleted();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long after = BenchSupport.usedHeapAfterGc();
            return fmt("heap kafka-to-pilot, publishRate=0 (broker drops the excess): %,d records in %.0f s (%,.0f/s); used heap after GC"
                    + " %d MiB before, %d MiB after, peak sampled %d MiB", done, seconds, done / seconds, before >> 20, after >> 20, peak >> 20);
        } finally {
            context.stop();
        }
    }

    private long endOffset(String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).get(tp).offset();
        }
    }
}
