package io.camelagents.bridge.kafka.bench;

import static io.camelagents.bridge.kafka.bench.BenchSupport.fmt;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;

/**
 * The Pilot <-> Kafka bridges at the network's real rate, next to the subscriber alone and plain kafka-clients, on
 * one node (newest daemon) and an embedded Kafka broker in this JVM. Not a test: run it and read the report it prints
 * at the end ({@code bash scripts/bench.sh bridge [-Dbench.seconds=20 ...]}).
 * <ol>
 * <li><b>Pilot -> Kafka</b> for each N in {@code bench.publishers}: N raw publishers, each on its own connection
 * paced at {@code bench.rate}/s, for {@code bench.seconds}, received (a) by a {@code pilot:events} route alone,
 * (b) as the Kafka hop alone: a kafka-clients producer with the bridge's settings at the same offered rate, read
 * by a consumer, (c) through a {@code pilot-to-kafka} instance, read by a consumer ({@link PilotToKafkaCases}).
 * Rate, p50/p99 latency (publish to receive), loss, duplicates, the buffer's overflow count, and bridge p99 /
 * (subscriber p99 + Kafka p99) next to the target 1.5.</li>
 * <li><b>Kafka -> Pilot</b> for each N in {@code bench.instances}: N {@code kafka-to-pilot} instances over N
 * partitions, the steady rate over {@code bench.k2pWindow} seconds once the group is stable, next to the target
 * 0.9 x N x 95/s and a plain kafka-clients consumer ({@link KafkaToPilotCases}); then the latency Kafka producer ->
 * one instance -> subscriber at 90 records/s for {@code bench.seconds}.</li>
 * <li><b>Heap</b> after {@code bench.heapEvents} events through pilot-to-kafka from {@code bench.heapPublishers}
 * publishers (1,000,000 at 32 x 95/s: about 6 min), and after as many records through kafka-to-pilot with
 * publishRate=0 ({@link HeapRuns}).</li>
 * </ol>
 * System properties (defaults): {@code bench.parts} (p2k,k2p,heap-p2k,heap-k2p), {@code bench.publishers} (1,4,8,32),
 * {@code bench.rate} (95), {@code bench.seconds} (20), {@code bench.instances} (1,2,4,8,32), {@code bench.k2pWindow}
 * (20), {@code bench.k2pPreload} (5: seconds of records per partition before the instances join),
 * {@code bench.joinTimeout} (300 s for a group to become stable), {@code bench.heapEvents} (1000000),
 * {@code bench.heapPublishers} (32). Every wait is bounded by a count and a timeout; a part that fails is reported
 * as failed and the others still run.
 */
public final class BridgeBenchmark {
    static final Set<String> PARTS = new TreeSet<>(list("bench.parts", "p2k,k2p,heap-p2k,heap-k2p"));
    static final List<Integer> PUBLISHERS = ints("bench.publishers", "1,4,8,32");
    static final int RATE = Integer.getInteger("bench.rate", 95);
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final List<Integer> INSTANCES = ints("bench.instances", "1,2,4,8,32");
    static final int K2P_WINDOW = Integer.getInteger("bench.k2pWindow", 20);
    static final int K2P_PRELOAD = Integer.getInteger("bench.k2pPreload", 5);
    static final int JOIN_TIMEOUT = Integer.getInteger("bench.joinTimeout", 300);
    static final long HEAP_EVENTS = Long.getLong("bench.heapEvents", 1_000_000);
    static final int HEAP_PUBLISHERS = Integer.getInteger("bench.heapPublishers", 32);
    /** Records per second of the kafka-to-pilot latency case: below one instance's 100/s, so nothing queues. */
    static final int K2P_LATENCY_RATE = 90;

    private final List<String> details = new ArrayList<>();
    private final List<PilotToKafkaCases.Row> p2k = new ArrayList<>();
    private final List<String> p2kFailures = new ArrayList<>();
    private final List<KafkaToPilotCases.Row> k2p = new ArrayList<>();
    private final List<String> k2pFailures = new ArrayList<>();
    private String k2pLatency;
    private final List<String> heap = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        String loadBefore = BenchSupport.load();
        long t0 = System.nanoTime();
        BridgeBenchmark bench = new BridgeBenchmark();
        try (LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(1).hostnamePrefix("bench").start();
                EmbeddedKafka kafka = new EmbeddedKafka().start()) {
            bench.run(kafka, network.node(0));
        }
        bench.print(started, loadBefore, (System.nanoTime() - t0) / 60e9);
        System.exit(0); // Kafka and Vert.x leave non-daemon threads behind
    }

    private void run(EmbeddedKafka kafka, PilotNode node) {
        if (PARTS.contains("p2k")) {
            try { // a short unreported round first: class loading and JIT would otherwise land in the first case's latencies
                new PilotToKafkaCases(kafka, node, RATE, 3, line -> System.out.println("[bench] warm-up " + line)).run(4);
            } catch (Exception e) {
                detail("p2k warm-up FAILED: " + e);
            }
            PilotToKafkaCases cases = new PilotToKafkaCases(kafka, node, RATE, SECONDS, this::detail);
            for (int n : PUBLISHERS) {
                try {
                    p2k.add(cases.run(n));
                } catch (Exception e) {
                    p2kFailures.add(fmt("N=%d FAILED: %s", n, e));
                    detail(fmt("p2k N=%2d FAILED: %s", n, e));
                }
            }
        }
        if (PARTS.contains("k2p")) {
            KafkaToPilotCases cases = new KafkaToPilotCases(kafka, node, K2P_PRELOAD, K2P_WINDOW, JOIN_TIMEOUT, this::detail);
            for (int n : INSTANCES) {
                try {
                    k2p.add(cases.run(n));
                } catch (Exception e) {
                    k2pFailures.add(fmt("N=%d FAILED: %s", n, e));
                    detail(fmt("k2p N=%2d FAILED: %s", n, e));
                }
            }
            try {
                k2pLatency = cases.latency(K2P_LATENCY_RATE, SECONDS);
            } catch (Exception e) {
                k2pLatency = "k2p latency FAILED: " + e;
                detail(k2pLatency);
            }
        }
        HeapRuns heapRuns = new HeapRuns(kafka, node);
        if (PARTS.contains("heap-p2k")) {
            try {
                heap.add(heapRuns.pilotToKafka(HEAP_EVENTS, HEAP_PUBLISHERS, RATE));
            } catch (Exception e) {
                heap.add("heap pilot-to-kafka FAILED: " + e);
            }
            detail(heap.get(heap.size() - 1));
        }
        if (PARTS.contains("heap-k2p")) {
            try {
                heap.add(heapRuns.kafkaToPilot(HEAP_EVENTS));
            } catch (Exception e) {
                heap.add("heap kafka-to-pilot FAILED: " + e);
            }
            detail(heap.get(heap.size() - 1));
        }
    }

    private void detail(String line) {
        System.out.println("[bench] " + line);
        details.add(line);
    }

    private void print(String started, String loadBefore, double minutes) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add(fmt("==== bridge benchmark: %s, %.0f min, %d cores, max heap %d MiB, load average (1 min) %s at the start, %s at the end ====",
                started, minutes, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadBefore,
                BenchSupport.load()));
        if (!p2k.isEmpty() || !p2kFailures.isEmpty()) {
            out.add("");
            out.add(fmt("Pilot -> Kafka: N raw publishers x %d/s, %d s each; latency = receive - publish (p50 / p99 ms); rate = distinct"
                    + " received / (last receive - first publish)", RATE, SECONDS));
            out.add("");
            out.add("| N | offered | subscriber alone (pilot:events) | Kafka hop alone (kafka-clients, bridge settings) | pilot-to-kafka"
                    + " | overflow | p99 bridge / (subscriber + Kafka), target <= 1.5 |");
            out.add("|---|---|---|---|---|---|---|");
            for (PilotToKafkaCases.Row r : p2k) {
                PilotToKafkaCases.Case b = r.bridge().events();
                out.add(fmt("| %d | %,.0f/s | %s | %s | %s | %,d | %.2f %s |", r.publishers(), b.offeredRate(), cell(r.subscriber()),
                        cell(r.kafka()), cell(b) + fmt(", dup %,d", b.duplicates()), r.bridge().overflowed(), r.p99Ratio(),
                        r.p99Ratio() <= 1.5 ? "met" : "NOT met"));
            }
            p2kFailures.forEach(f -> out.add("| " + f + " |"));
        }
        if (!k2p.isEmpty() || !k2pFailures.isEmpty()) {
            Map<Integer, Double> subscriberAlone = new HashMap<>();
            p2k.forEach(r -> subscriberAlone.put(r.publishers(), r.subscriber().rate()));
            out.add("");
            out.add(fmt("Kafka -> Pilot: N kafka-to-pilot instances (publishRate %d) in one group over N partitions; steady = the %d s"
                    + " starting 1 s after every instance had a partition and a backlog", KafkaToPilotCases.PUBLISH_RATE, K2P_WINDOW));
            out.add("");
            out.add("| N | target 0.9 x N x 95 | kafka-to-pilot steady | from the first event | group stable after | duplicates"
                    + " | plain kafka-clients consumer | pilot:events subscriber alone, N publishers x " + RATE + "/s |");
            out.add("|---|---|---|---|---|---|---|---|");
            for (KafkaToPilotCases.Row r : k2p) {
                Double alone = subscriberAlone.get(r.instances());
                out.add(fmt("| %d | %,.0f/s | %,.0f/s %s | %,.0f/s | %.1f s | %,d | %,.0f/s | %s |", r.instances(), r.target(), r.steady(),
                        r.steady() >= r.target() ? "(met)" : "(NOT met)", r.fromFirst(), r.joinSeconds(), r.duplicates(),
                        r.plainConsumer(), alone == null ? "-" : fmt("%,.0f/s", alone)));
            }
            k2pFailures.forEach(f -> out.add("| " + f + " |"));
            if (k2pLatency != null) {
                out.add("");
                out.add(k2pLatency);
            }
        }
        if (!heap.isEmpty()) {
            out.add("");
            out.add("Heap (this JVM, with the Kafka broker in it):");
            heap.forEach(h -> out.add("- " + h));
        }
        out.add("");
        out.add("Details:");
        details.forEach(d -> out.add("  " + d));
        out.forEach(System.out::println);
    }

    private static String cell(PilotToKafkaCases.Case c) {
        return fmt("%,.0f/s, lost %,d%s, %.1f / %.1f ms", c.rate(), c.lost(), c.garbled() == 0 ? "" : fmt(" (%,d of them garbled)", c.garbled()),
                c.latency().p50(), c.latency().p99());
    }

    private static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> ints(String property, String defaults) {
        return list(property, defaults).stream().map(Integer::valueOf).toList();
    }
}
