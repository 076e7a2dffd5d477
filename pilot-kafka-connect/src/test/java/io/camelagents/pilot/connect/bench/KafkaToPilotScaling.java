package io.camelagents.pilot.connect.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.kafka.KafkaToPilotBridge;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Why N kafka-to-pilot instances deliver less than N x 100/s in {@link BridgeBenchmark}: the same measurement
 * (records preloaded, instances added one by one, clock started before the first), with the partition fill, the
 * per-second delivery timeline and the steady rate once every instance consumes. A raw subscriber at the broker
 * counts distinct events and duplicates. Arguments: {@code instances=4 perInstance=1000 balanced=false,true}.
 */
public final class KafkaToPilotScaling {
    public static void main(String[] args) throws Exception {
        int instances = 4;
        int perInstance = 1000;
        List<Boolean> balanced = List.of(false, true);
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "instances" -> instances = Integer.parseInt(kv[1]);
                case "perInstance" -> perInstance = Integer.parseInt(kv[1]);
                case "balanced" -> balanced = java.util.Arrays.stream(kv[1].split(",")).map(Boolean::parseBoolean).toList();
                default -> throw new IllegalArgumentException(a);
            }
        }
        List<String> report = new ArrayList<>();
        try (LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(1).hostnamePrefix("k2p").start();
                EmbeddedKafka kafka = new EmbeddedKafka().start()) {
            PilotNode node = network.node(0);
            int run = 0;
            for (boolean bal : balanced) {
                report.addAll(measure(kafka, node, instances, perInstance * instances, bal, ++run));
            }
        }
        System.out.println();
        System.out.println("==== kafka-to-pilot scaling ====");
        report.forEach(System.out::println);
        System.exit(0);
    }

    static List<String> measure(EmbeddedKafka kafka, PilotNode node, int instances, int n, boolean balanced, int run) throws Exception {
        List<String> out = new ArrayList<>();
        String topic = "k2p-scale-" + run;
        String pilotTopic = "bench.k2pscale." + run;
        kafka.createTopic(topic, instances);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            byte[] header = pilotTopic.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < n; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, balanced ? i % instances : null, null, "id-" + i);
                r.headers().add(BridgeHeaders.KAFKA_PILOT_TOPIC, header);
                p.send(r);
            }
            p.flush();
        }
        List<TopicPartition> tps = IntStream.range(0, instances).mapToObj(i -> new TopicPartition(topic, i)).toList();
        Map<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> ends;
        try (var admin = kafka.admin()) {
            ends = admin.listOffsets(tps.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS);
        }
        String fill = tps.stream().map(tp -> Long.toString(ends.get(tp).offset())).collect(Collectors.joining("/"));
        long maxPartition = tps.stream().mapToLong(tp -> ends.get(tp).offset()).max().orElse(0);

        Set<String> distinct = ConcurrentHashMap.newKeySet();
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        try (PilotDriver d = PilotDriver.connect(node.socketPath().toString());
                RawEventSubscriber sub = new RawEventSubscriber(d, d.nodeInfo().address(), pilotTopic, 1024, f -> {
                    times.add(System.nanoTime());
                    distinct.add(new String(f.payload(), StandardCharsets.UTF_8));
                })) {
            Thread.sleep(500); // the subscription is in place long before the first route has joined its group
            CamelContext context = new DefaultCamelContext();
            context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(5000);
            context.getShutdownStrategy().setTimeout(20);
            context.addRoutes(new KafkaToPilotBridge());
            context.start();
            try {
                long t0 = System.nanoTime();
                for (int i = 0; i < instances; i++) {
                    TemplatedRouteBuilder.builder(context, KafkaToPilotBridge.ID).routeId("k2p-" + i)
                            .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", topic)
                            .parameter("groupId", "scale-" + run).parameter("socketPath", node.socketPath().toString()).add();
                }
                long added = System.nanoTime();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(n / 50 + 60);
                while (distinct.size() < n && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                long done = System.nanoTime();
                Thread.sleep(1500);
                List<Long> ts;
                synchronized (times) {
                    ts = new ArrayList<>(times);
                }
                int total = ts.size();
                long first = ts.isEmpty() ? done : ts.get(0);
                // per-second timeline from t0
                int secs = (int) Math.ceil((done - t0) / 1e9);
                int[] perSec = new int[Math.max(1, secs)];
                for (long t : ts) {
                    int s = (int) ((t - t0) / 1_000_000_000L);
                    if (s >= 0 && s < perSec.length) {
                        perSec[s]++;
                    }
                }
                int best5 = 0;
                for (int s = 0; s + 5 <= perSec.length; s++) {
                    best5 = Math.max(best5, IntStream.range(s, s + 5).map(i -> perSec[i]).sum());
                }
                out.add(String.format(Locale.ROOT, "%d instance(s), %s preload, partitions %s (largest %d -> %.1f s at 100/s)",
                        instances, balanced ? "balanced" : "null-key (sticky partitioner)", fill, maxPartition, maxPartition / 100.0));
                out.add(String.format(Locale.ROOT, "  added %d routes in %.2f s; first event after %.2f s; %d distinct of %d, %d duplicates, all in %.1f s",
                        instances, (added - t0) / 1e9, (first - t0) / 1e9, distinct.size(), n, total - distinct.size(), (done - t0) / 1e9));
                out.add(String.format(Locale.ROOT, "  BridgeBenchmark-style rate (count / time since t0): %.0f/s; first->last event: %.0f/s; best 5 s window: %.0f/s",
                        distinct.size() / ((done - t0) / 1e9), distinct.size() / Math.max(0.001, (ts.get(ts.size() - 1) - first) / 1e9), best5 / 5.0));
                out.add("  per second: " + IntStream.of(perSec).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
                out.forEach(System.out::println);
            } finally {
                context.stop();
            }
        }
        return out;
    }
}
