package io.camelagents.bridge.kafka.bench;

import static io.camelagents.bridge.kafka.bench.BenchSupport.fmt;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.camelagents.bridge.kafka.KafkaSendBuffer;
import io.camelagents.bridge.kafka.PilotToKafkaBridge;
import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * Pilot -> Kafka with N publishers, each a {@link PilotPublishers raw publisher} on its own connection paced at
 * {@code rate}/s for {@code seconds}, three ways, one after the other:
 * <ol>
 * <li>the subscriber alone: a {@code pilot:events} route receives the publishers' events;</li>
 * <li>the Kafka hop alone: {@link PacedKafkaSender} (kafka-clients, the bridge's producer settings) at the same
 * offered rate, read by a {@link KafkaTallyReader};</li>
 * <li>the bridge: a {@code pilot-to-kafka} template instance receives the publishers' events and sends them to a
 * Kafka topic, read by a {@link KafkaTallyReader}; its {@link KafkaSendBuffer} counts overflows and drops.</li>
 * </ol>
 * Latency everywhere = receive nanoTime - the payload's publish nanoTime (one JVM).
 */
final class PilotToKafkaCases {
    /** One way of carrying the events. */
    record Case(long offered, double offeredRate, long distinct, long duplicates, long garbled, double rate, EventTally.Latency latency,
            String cpu, String errors) {
        /** Offered and not received intact (garbled ones included). */
        long lost() {
            return offered - distinct;
        }

        String text() {
            return fmt("offered %,d (%,.0f/s), received %,d distinct (%,.0f/s), %,d duplicate(s), %,d garbled, lost %,d; p50 %.1f ms,"
                    + " p99 %.1f ms, max %.1f ms (%,d samples); %s%s", offered, offeredRate, distinct, rate, duplicates, garbled, lost(),
                    latency.p50(), latency.p99(), latency.max(), latency.samples(), cpu, errors.isEmpty() ? "" : "; ERRORS " + errors);
        }
    }

    /** The bridge's case plus its buffer's counters at the end. */
    record Bridge(Case events, long accepted, long sent, long overflowed, long resent, long dropped, int held, int capacity) {
        String text() {
            return events.text() + fmt("; buffer (probes included): accepted %,d, sent %,d, overflowed %,d, resent %,d, dropped %,d,"
                    + " held %d of %,d", accepted, sent, overflowed, resent, dropped, held, capacity);
        }
    }

    /** All three for one N. */
    record Row(int publishers, Case subscriber, Case kafka, Bridge bridge) {
        /** bridge p99 / (subscriber p99 + Kafka p99); the target is at most 1.5. */
        double p99Ratio() {
            return bridge.events.latency().p99() / (subscriber.latency().p99() + kafka.latency().p99());
        }
    }

    /** Numbers the topics of every case in this JVM (the warm-up's included), so no case reads another's events. */
    private static final AtomicInteger CASES = new AtomicInteger();

    private final EmbeddedKafka kafka;
    private final PilotNode node;
    private final int rate;
    private final int seconds;
    private final Consumer<String> log;

    PilotToKafkaCases(EmbeddedKafka kafka, PilotNode node, int rate, int seconds, Consumer<String> log) {
        this.kafka = kafka;
        this.node = node;
        this.rate = rate;
        this.seconds = seconds;
        this.log = log;
    }

    Row run(int publishers) throws Exception {
        Case sub = subscriberAlone(publishers);
        log.accept(fmt("p2k N=%2d subscriber alone:  %s", publishers, sub.text()));
        Case hop = kafkaAlone(publishers);
        log.accept(fmt("p2k N=%2d kafka-clients:     %s", publishers, hop.text()));
        Bridge bridge = bridge(publishers);
        log.accept(fmt("p2k N=%2d pilot-to-kafka:    %s", publishers, bridge.text()));
        return new Row(publishers, sub, hop, bridge);
    }

    private Case subscriberAlone(int publishers) throws Exception {
        String topic = "bench.sub." + CASES.incrementAndGet();
        EventTally tally = new EventTally();
        CamelContext context = BenchSupport.context();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=" + topic + "&socketPath=" + node.socketPath()).routeId("subscriber")
                        .process(e -> tally.recordRaw(e.getIn().getBody(byte[].class)));
            }
        });
        context.start();
        try (PilotPublishers pubs = new PilotPublishers(node, publishers, rate)) {
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            pubs.probeUntil(topic, () -> tally.probes() > 0, 60);
            return measure(pubs, topic, tally, null);
        } finally {
            context.stop();
        }
    }

    private Case kafkaAlone(int publishers) throws Exception {
        String topic = "bench-hop-" + CASES.incrementAndGet();
        kafka.createTopic(topic, 1);
        EventTally tally = new EventTally();
        try (KafkaTallyReader reader = new KafkaTallyReader(kafka.bootstrapServers(), topic, tally)) {
            BenchSupport.Cpu cpu = BenchSupport.Cpu.start(node);
            PilotPublishers.Published sent = PacedKafkaSender.send(kafka.bootstrapServers(), topic, "bench.hop", publishers, rate,
                    (long) rate * seconds, () -> tally.probes() > 0);
            tally.awaitDistinct(sent.offered(), 5000, 60_000);
            return result(sent, tally, cpu, reader.failure());
        }
    }

    private Bridge bridge(int publishers) throws Exception {
        int id = CASES.incrementAndGet();
        String topic = "bench.p2k." + id;
        String kafkaTopic = "bench-p2k-" + id;
        String bufferName = "bench-buffer-" + id;
        kafka.createTopic(kafkaTopic, 1);
        EventTally tally = new EventTally();
        CamelContext context = BenchSupport.context();
        context.addRoutes(new PilotToKafkaBridge());
        context.start();
        try (KafkaTallyReader reader = new KafkaTallyReader(kafka.bootstrapServers(), kafkaTopic, tally);
                PilotPublishers pubs = new PilotPublishers(node, publishers, rate)) {
            TemplatedRouteBuilder.builder(context, PilotToKafkaBridge.ID).routeId("pilot-to-kafka")
                    .parameter("pilotTopic", topic).parameter("socketPath", node.socketPath().toString())
                    .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", kafkaTopic)
                    .parameter("bufferName", bufferName)
                    // one WARN line per 5 s with the count, instead of one per overflowing event
                    .parameter("overflowUri", "log:io.camelagents.bridge.kafka.bench.overflow?level=WARN&groupInterval=5000")
                    .add();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            pubs.probeUntil(topic, () -> tally.probes() > 0, 60); // through the bridge into Kafka and out
            KafkaSendBuffer buffer = context.getRegistry().lookupByNameAndType(bufferName, KafkaSendBuffer.class);
            if (buffer == null) {
                throw new IllegalStateException("no KafkaSendBuffer named " + bufferName + " in the registry");
            }
            Case events = measure(pubs, topic, tally, reader);
            return new Bridge(events, buffer.getAccepted(), buffer.getSent(), buffer.getOverflowed(), buffer.getResent(), buffer.getDropped(),
                    buffer.getHeld(), buffer.getCapacity());
        } finally {
            context.stop();
        }
    }

    /** Publishes for the configured time and waits until everything arrived or nothing more arrives for 5 s. */
    private Case measure(PilotPublishers pubs, String topic, EventTally tally, KafkaTallyReader reader) throws Exception {
        BenchSupport.Cpu cpu = BenchSupport.Cpu.start(node);
        PilotPublishers.Published published = pubs.publish(topic, (long) rate * seconds, rate);
        tally.awaitDistinct(published.offered(), 5000, 120_000);
        return result(published, tally, cpu, reader == null ? null : reader.failure());
    }

    private static Case result(PilotPublishers.Published p, EventTally tally, BenchSupport.Cpu cpu, Throwable failure) {
        long distinct = tally.distinct();
        double rate = distinct / Math.max(1e-3, (tally.lastAt() - p.startedAt()) / 1e9);
        String errors = p.errors() + (failure == null ? "" : "reader: " + failure);
        return new Case(p.offered(), p.offered() / p.seconds(), distinct, tally.duplicates(), tally.garbled(), rate, tally.latency(),
                cpu.since(), errors);
    }
}
