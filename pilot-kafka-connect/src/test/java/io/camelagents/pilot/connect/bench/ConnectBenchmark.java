package io.camelagents.pilot.connect.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.connect.ConnectHeaders;
import io.camelagents.pilot.connect.it.cluster.ConnectCluster;
import io.camelagents.pilot.connect.it.cluster.ConnectWorker;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.protocol.PublishPacer;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import io.camelagents.pilot.testkit.RawEventPublisher;
import io.camelagents.bridge.kafka.KafkaToPilotBridge;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The Pilot Kafka Connect connectors measured in one run on one machine, next to their references (not a test).
 * <ol>
 * <li><b>Broker ceiling</b> ({@link BrokerCeiling}): raw publisher connections paced like the producers, N -> 1
 * subscriber and N -> N subscribers, from one node and from several.</li>
 * <li><b>Sink</b>: records pre-produced round-robin to a 4-partition topic; {@code PilotEventsSinkConnector} with
 * tasks.max 1, 2, 4 on a real distributed worker (child JVM, plugin from target/connect-plugin), next to 1, 2, 4
 * instances of the {@code kafka-to-pilot} route template on the same kind of topic; a raw subscriber at the broker
 * counts distinct events. Target per N: 0.9 x min(N x 100/s, broker ceiling).</li>
 * <li><b>Source</b>: P raw publishers (100/s each) publish events carrying their send time; the source connector
 * writes them to Kafka, where a consumer in this JVM takes the latency; a raw subscriber on the same broker and
 * topic receives the same events at the same time (the reference). Target: source p99 at most 1.5 x raw p99.</li>
 * <li><b>Heap</b>: both connectors in the worker while {@code heapRecords} records pass (half pre-produced for the
 * sink with {@code heapSinkTasks} tasks, half published by {@code heapPublishers} raw publishers for the source);
 * the worker's heap after a full GC ({@code jcmd GC.run}, {@code GC.heap_info}) every {@code heapSample} records.</li>
 * </ol>
 * Run: {@code bash scripts/bench.sh connect [--only=ceiling,sink,routes,source,heap] [--sink-seconds=15]
 * [--heap-records=1000000] ...} (see {@link Options}). Every wait is bounded.
 */
public final class ConnectBenchmark {
    static final int SINK_PARTITIONS = 4;
    static final int PER_CONNECTION = 100;

    /** Command-line options ({@code --name=value}). */
    static final class Options {
        Set<String> only = Set.of("ceiling", "sink", "routes", "source", "heap");
        int[] tasks = {1, 2, 4};
        double sinkSeconds = 30;
        double ceilingSeconds = 4;
        int[] ceilingN1 = {1, 2, 4, 8, 16, 32, 64, 128};
        int[] ceilingNN = {1, 2, 4, 8, 16, 32};
        List<Boolean> ceilingPlacements = List.of(false, true);
        int[] sourcePublishers = {1, 8, 32};
        double sourceSeconds = 20;
        /** Source cases with the worker's default producer linger.ms and/or producer.override.linger.ms=0. */
        List<String> sourceLinger = List.of("default", "0");
        long heapRecords = 1_000_000;
        int heapSinkTasks = 16;
        int heapPublishers = 16;
        long heapSample = 100_000;
        String workerHeap = "512m";
        boolean verbose;

        static Options parse(String[] args) {
            Options o = new Options();
            for (String a : args) {
                if (a.isBlank()) {
                    continue;
                }
                String[] kv = a.replaceFirst("^--", "").split("=", 2);
                String v = kv.length > 1 ? kv[1] : "true";
                switch (kv[0]) {
                    case "only" -> o.only = Set.of(v.split(","));
                    case "tasks" -> o.tasks = ints(v);
                    case "sink-seconds" -> o.sinkSeconds = Double.parseDouble(v);
                    case "ceiling-seconds" -> o.ceilingSeconds = Double.parseDouble(v);
                    case "ceiling-n1" -> o.ceilingN1 = ints(v);
                    case "ceiling-nn" -> o.ceilingNN = ints(v);
                    case "ceiling-placements" -> o.ceilingPlacements = Arrays.stream(v.split(",")).map("several"::equals).toList();
                    case "source-publishers" -> o.sourcePublishers = ints(v);
                    case "source-seconds" -> o.sourceSeconds = Double.parseDouble(v);
                    case "source-linger" -> o.sourceLinger = List.of(v.split(","));
                    case "heap-records" -> o.heapRecords = Long.parseLong(v);
                    case "heap-sink-tasks" -> o.heapSinkTasks = Integer.parseInt(v);
                    case "heap-publishers" -> o.heapPublishers = Integer.parseInt(v);
                    case "heap-sample" -> o.heapSample = Long.parseLong(v);
                    case "worker-heap" -> o.workerHeap = v;
                    case "verbose" -> o.verbose = Boolean.parseBoolean(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + " (see ConnectBenchmark.Options)");
                }
            }
            return o;
        }

        private static int[] ints(String v) {
            return Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
        }
    }

    /** One row of the summary table. */
    record Row(String what, String measured, String reference, String target, String verdict) {
    }

    private final Options o;
    private final EmbeddedKafka kafka;
    private final LocalPilotNetwork pilot;
    private final PilotNode workerNode;
    private final PilotAddress broker;
    private ConnectCluster connect;
    private ConnectWorker worker;
    private org.apache.kafka.clients.admin.Admin admin;
    private final List<String> log = new ArrayList<>();
    private final List<Row> table = new ArrayList<>();
    private final Map<Integer, Double> rawPublishers = new HashMap<>();
    private double ceiling = Double.NaN;
    private String ceilingStatement = "not measured in this run";
    private int seq;

    private ConnectBenchmark(Options o, EmbeddedKafka kafka, LocalPilotNetwork pilot) throws Exception {
        this.o = o;
        this.kafka = kafka;
        this.pilot = pilot;
        this.workerNode = pilot.node(0);
        try (PilotDriver d = PilotDriver.connect(workerNode.socketPath().toString())) {
            this.broker = d.nodeInfo().address();
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (!o.verbose) {
            Configurator.setRootLevel(Level.WARN);
        }
        String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        String loadBefore = loadAverage();
        CompletableFuture<EmbeddedKafka> k = CompletableFuture.supplyAsync(() -> new EmbeddedKafka().start());
        try (LocalPilotNetwork pilot = LocalPilotNetwork.builder().nodes(3).hostnamePrefix("kcb").start();
                EmbeddedKafka kafka = k.get(150, TimeUnit.SECONDS)) {
            ConnectBenchmark b = new ConnectBenchmark(o, kafka, pilot);
            try {
                b.runAll();
            } finally {
                b.close();
            }
            b.print(started, loadBefore);
        }
        System.exit(0); // Kafka and Camel leave non-daemon threads behind
    }

    private void runAll() throws Exception {
        if (o.only.contains("ceiling")) {
            ceiling();
        } else if (o.only.contains("sink") || o.only.contains("routes")) {
            rawReference();
        }
        if (o.only.contains("sink") || o.only.contains("source") || o.only.contains("heap")) {
            startConnect();
        }
        Map<Integer, double[]> sink = new LinkedHashMap<>();
        Map<Integer, double[]> routes = new LinkedHashMap<>();
        for (int n : o.tasks) {
            if (o.only.contains("sink")) {
                sink.put(n, k2p("sink  tasks.max=" + n, n, sinkStarter(n)));
            }
            if (o.only.contains("routes")) {
                routes.put(n, k2p("route kafka-to-pilot x" + n, n, routeStarter(n)));
            }
        }
        for (int n : sink.isEmpty() && routes.isEmpty() ? new int[0] : o.tasks) {
            double target = 0.9 * Math.min(n * PER_CONNECTION, Double.isNaN(ceiling) ? Double.MAX_VALUE : ceiling);
            String ref = String.format(Locale.ROOT, "kafka-to-pilot x%d: %s; %d raw publisher(s): %s", n,
                    routes.containsKey(n) ? rate(routes.get(n)) : "-", n,
                    rawPublishers.containsKey(n) ? String.format(Locale.ROOT, "%,.0f/s", rawPublishers.get(n)) : "-");
            double[] s = sink.get(n);
            table.add(new Row("sink tasks.max=" + n + " (4 partitions)", s == null ? "-" : rate(s), ref,
                    String.format(Locale.ROOT, ">= %,.0f/s", target), s == null ? "-" : s[0] >= target ? "met" : "NOT met"));
        }
        if (o.only.contains("source")) {
            for (String linger : o.sourceLinger) {
                for (int p : o.sourcePublishers) {
                    guarded("source " + p + " publishers, linger " + linger, () -> source(p, linger.equals("default") ? null : linger));
                }
            }
        }
        if (o.only.contains("heap")) {
            guarded("heap", this::heap);
        }
    }

    interface Part {
        void run() throws Exception;
    }

    /** Runs one part; a failure is reported (and kept in the table) instead of losing the figures measured so far. */
    private void guarded(String what, Part part) {
        try {
            part.run();
        } catch (Exception | AssertionError e) {
            out("FAILED: " + what + ": " + e);
            e.printStackTrace(System.out);
            table.add(new Row(what, "FAILED: " + e.getMessage(), "-", "-", "failed"));
        }
    }

    // ------------------------------------------------------------------ broker ceiling

    private void ceiling() throws Exception {
        section("broker ceiling (raw connections, " + PER_CONNECTION + "/s each, " + o.ceilingSeconds + " s per case)");
        BrokerCeiling c = new BrokerCeiling(pilot.nodes(), PER_CONNECTION, o.ceilingSeconds);
        double best = 0;
        int bestN = 0;
        String firstLoss = null;
        for (boolean several : o.ceilingPlacements) {
            for (int n : o.ceilingN1) {
                BrokerCeiling.Result r = c.run(BrokerCeiling.Mode.N_TO_1, n, several, n > 32);
                out(r.line());
                if (!several) {
                    if (r.lost() == 0 && r.deliveredPerSec() > best) {
                        best = r.deliveredPerSec();
                        bestN = n;
                    }
                    if (r.lost() > 0 && firstLoss == null) {
                        firstLoss = String.format(Locale.ROOT, "N=%d (offered %,.0f/s, delivered %,.0f/s, lost %.1f%%)", n,
                                r.offeredPerSec(), r.deliveredPerSec(), 100.0 * r.lost() / r.expected());
                    }
                    rawPublishers.putIfAbsent(n, r.deliveredPerSec());
                }
            }
        }
        double bestFan = 0;
        int bestFanN = 0;
        for (boolean several : o.ceilingPlacements) {
            for (int n : o.ceilingNN) {
                BrokerCeiling.Result r = c.run(BrokerCeiling.Mode.FAN_OUT, n, several, false);
                out(r.line());
                if (!several && r.lost() == 0 && r.deliveredPerSec() > bestFan) {
                    bestFan = r.deliveredPerSec();
                    bestFanN = n;
                }
            }
        }
        ceiling = best;
        ceilingStatement = String.format(Locale.ROOT,
                "N->1: %,.0f events/s delivered without loss (N=%d connections x %d/s)%s; N->N fan-out: %,.0f deliveries/s without loss"
                        + " (N=%d: %d publishers x %d subscribers)", best, bestN, PER_CONNECTION,
                firstLoss == null ? ", no loss at any N tried" : "; first loss at " + firstLoss, bestFan, bestFanN, bestFanN, bestFanN);
        table.add(new Row("broker ceiling N->1 (one node)", String.format(Locale.ROOT, "%,.0f/s (N=%d), no loss", best, bestN),
                firstLoss == null ? "no loss at any N" : "first loss " + firstLoss, "-", "-"));
        table.add(new Row("broker ceiling N->N fan-out", String.format(Locale.ROOT, "%,.0f deliveries/s (N=%d), no loss", bestFan, bestFanN),
                "-", "-", "-"));
    }

    /** Only the raw N->1 references for the sink rows (when the ceiling part is skipped). */
    private void rawReference() throws Exception {
        BrokerCeiling c = new BrokerCeiling(pilot.nodes(), PER_CONNECTION, o.ceilingSeconds);
        for (int n : o.tasks) {
            BrokerCeiling.Result r = c.run(BrokerCeiling.Mode.N_TO_1, n, false, false);
            out(r.line());
            rawPublishers.put(n, r.deliveredPerSec());
        }
    }

    // ------------------------------------------------------------------ Connect

    private void startConnect() {
        Path plugin = firstExisting(System.getProperty("it.plugin.path"), "target/connect-plugin", "pilot-kafka-connect/target/connect-plugin");
        Path cp = firstExisting(System.getProperty("it.worker.classpath.file"), "target/it-worker.classpath",
                "pilot-kafka-connect/target/it-worker.classpath");
        System.setProperty("it.worker.classpath.file", cp.toString());
        Path work = plugin.getParent().resolve("bench-work");
        connect = ConnectCluster.builder().bootstrapServers(kafka.bootstrapServers()).groupId("bench-connect")
                .pluginPath(plugin).workDir(work.resolve("cluster-" + System.currentTimeMillis())).heap(o.workerHeap)
                .startTimeout(Duration.ofSeconds(180)).build();
        worker = connect.startWorker();
        out("Connect worker " + worker + " (-Xmx" + o.workerHeap + ", plugin.path " + plugin + ", log " + worker.logFile() + ")");
    }

    private static Path firstExisting(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank() && Files.exists(Path.of(c))) {
                return Path.of(c).toAbsolutePath();
            }
        }
        throw new IllegalStateException("none of " + Arrays.toString(candidates) + " exists: package pilot-kafka-connect first"
                + " (mvn -pl pilot-kafka-connect -am package -DskipTests)");
    }

    private Map<String, String> sinkConfig(String kafkaTopic, int tasks) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.camelagents.pilot.connect.PilotEventsSinkConnector");
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", kafkaTopic);
        c.put("pilot.socket.path", workerNode.socketPath().toString());
        c.put("pilot.topic.from.key", "false");
        return c;
    }

    private Map<String, String> sourceConfig(String pilotTopic, String kafkaTopic) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.camelagents.pilot.connect.PilotEventsSourceConnector");
        c.put("tasks.max", "1");
        c.put("pilot.socket.path", workerNode.socketPath().toString());
        c.put("pilot.topics", pilotTopic);
        c.put("kafka.topic", kafkaTopic);
        return c;
    }

    private AutoCloseable startConnector(String name, Map<String, String> config, int tasks) {
        connect.rest().putConnectorConfig(name, config);
        connect.awaitRunning(name, tasks, Duration.ofSeconds(120));
        return () -> deleteConnector(name);
    }

    private void deleteConnector(String name) {
        connect.rest().deleteConnector(name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (connect.status(name) != null && System.nanoTime() < deadline) {
            sleep(200);
        }
    }

    // ------------------------------------------------------------------ Kafka -> Pilot (sink and routes)

    interface Starter {
        AutoCloseable start(String kafkaTopic) throws Exception;
    }

    private Starter sinkStarter(int n) {
        return topic -> startConnector("bench-sink-" + (++seq), sinkConfig(topic, n), n);
    }

    private Starter routeStarter(int n) {
        return topic -> {
            CamelContext context = new DefaultCamelContext();
            context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(5000);
            context.getShutdownStrategy().setTimeout(20);
            context.addRoutes(new KafkaToPilotBridge());
            String group = "bench-routes-" + (++seq);
            for (int i = 0; i < n; i++) {
                TemplatedRouteBuilder.builder(context, KafkaToPilotBridge.ID).routeId("k2p-" + i)
                        .parameter("kafkaBrokers", kafka.bootstrapServers()).parameter("kafkaTopic", topic)
                        .parameter("groupId", group).parameter("socketPath", workerNode.socketPath().toString()).add();
            }
            context.start(); // all instances start together, as a connector's tasks do
            return context::stop;
        };
    }

    /**
     * Pre-produces n x 100/s x sinkSeconds records round-robin over 4 partitions, starts the sink or the routes and
     * counts distinct events at a raw subscriber at the broker. Returns {steady rate (first to last event), rate
     * including start-up, distinct, duplicates}.
     */
    private double[] k2p(String label, int n, Starter starter) throws Exception {
        int id = ++seq;
        String topic = "bench-k2p-" + id;
        String pilotTopic = "bench.k2p." + id;
        int records = (int) Math.round(n * PER_CONNECTION * o.sinkSeconds);
        kafka.createTopic(topic, SINK_PARTITIONS);
        preProduce(topic, SINK_PARTITIONS, records, pilotTopic);
        try (PilotDriver d = PilotDriver.connect(workerNode.socketPath().toString());
                RawEventSubscriber sub = new RawEventSubscriber(d, broker, pilotTopic, 1024, null)) {
            BrokerCeiling.awaitSubscriptions(workerNode.socketPath(), broker, List.of(sub), List.of(pilotTopic));
            long t0 = System.nanoTime();
            double cpu0 = workerCpuSeconds();
            long deadline = t0 + TimeUnit.SECONDS.toNanos((long) (records / (n * (double) PER_CONNECTION) * 3) + 120);
            try (AutoCloseable running = starter.start(topic)) {
                while (sub.distinct() < records && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1000); // duplicates arriving late
            }
            long distinct = sub.distinct();
            double overall = distinct / Math.max(1e-3, (sub.lastAt() - sub.firstAt()) / 1e9);
            double steady = sub.bestWindowRate(Math.min(10, o.sinkSeconds / 2));
            double wall = distinct / Math.max(1e-3, (sub.lastAt() - t0) / 1e9);
            double cpu = (workerCpuSeconds() - cpu0) / ((sub.lastAt() - t0) / 1e9);
            out(String.format(Locale.ROOT, "%-28s %,7d of %,7d records delivered, %,d duplicate(s); sustained %,4.0f/s (best %.0f s window),"
                    + " %,4.0f/s first->last event, %,4.0f/s including start-up (%.1f s to the first event)%s", label, distinct, records,
                    sub.duplicates(), steady, Math.min(10, o.sinkSeconds / 2), overall, wall,
                    (sub.firstAt() - t0) / 1e9, label.startsWith("sink") ? String.format(Locale.ROOT, "; worker CPU %.0f%%", 100 * cpu) : ""));
            out("    per second from the start: " + sub.perSecond(t0));
            return new double[] {steady, overall, distinct, sub.duplicates(), records, wall};
        }
    }

    private void preProduce(String topic, int partitions, long count, String pilotTopic) {
        byte[] header = pilotTopic.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long[] next = new long[partitions];
            for (long i = 0; i < count; i++) {
                int part = (int) (i % partitions);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, part, null, KafkaPayload.bytes(part, next[part]++));
                r.headers().add(ConnectHeaders.TOPIC, header);
                p.send(r);
            }
            p.flush();
        }
    }

    // ------------------------------------------------------------------ Pilot -> Kafka (source)

    private void source(int publishers, String linger) throws Exception {
        int id = ++seq;
        String pilotTopic = "bench.src." + id;
        String kafkaTopic = "bench-src-" + id;
        kafka.createTopic(kafkaTopic, 1);
        long perPublisher = Math.round(PER_CONNECTION * o.sourceSeconds);
        KafkaLatencyReader reader = new KafkaLatencyReader(kafka.bootstrapServers(), kafkaTopic, (int) (perPublisher * publishers + 1024));
        List<PilotDriver> drivers = new ArrayList<>();
        List<RawEventPublisher> pubs = new ArrayList<>();
        Map<String, String> config = sourceConfig(pilotTopic, kafkaTopic);
        if (linger != null) {
            config.put("producer.override.linger.ms", linger);
        }
        String lingerText = linger == null ? "worker default linger.ms" : "producer.override.linger.ms=" + linger;
        try (AutoCloseable connector = startConnector("bench-source-" + id, config, 1);
                PilotDriver refDriver = PilotDriver.connect(workerNode.socketPath().toString());
                RawEventSubscriber ref = new RawEventSubscriber(refDriver, broker, pilotTopic, (int) (perPublisher * publishers + 1024), null)) {
            reader.start();
            // probes until both the connector (seen in Kafka) and the reference subscriber receive
            try (PilotDriver pd = PilotDriver.connect(workerNode.socketPath().toString());
                    RawEventPublisher probe = new RawEventPublisher(-1, pd, broker, 0)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while ((reader.probes() == 0 || ref.otherCount() == 0) && System.nanoTime() < deadline) {
                    probe.publishNow(pilotTopic, "probe".getBytes(StandardCharsets.UTF_8));
                    Thread.sleep(100);
                }
                if (reader.probes() == 0 || ref.otherCount() == 0) {
                    throw new IllegalStateException("source connector or reference subscriber not receiving within 90 s");
                }
            }
            Thread.sleep(300); // probes in flight
            for (int i = 0; i < publishers; i++) {
                PilotDriver d = PilotDriver.connect(workerNode.socketPath().toString());
                drivers.add(d);
                pubs.add(new RawEventPublisher(i, d, broker, PER_CONNECTION));
            }
            double cpu0 = workerCpuSeconds();
            CountDownLatch go = new CountDownLatch(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) (o.sourceSeconds * 3) + 60);
            List<Thread> threads = new ArrayList<>();
            for (RawEventPublisher p : pubs) {
                threads.add(p.startPublishing(pilotTopic, perPublisher, go, deadline));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 1000);
            }
            long offered = pubs.stream().mapToLong(RawEventPublisher::sent).sum();
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((reader.distinct() < offered || ref.distinct() < offered) && System.nanoTime() < drainDeadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1000);
            long[] srcLat = reader.latencies();
            long[] refLat = ref.latencies();
            Arrays.sort(srcLat);
            Arrays.sort(refLat);
            double seconds = Math.max(1e-3, (reader.lastAt() - t0) / 1e9);
            double cpu = (workerCpuSeconds() - cpu0) / seconds;
            double srcP99 = BrokerCeiling.pct(srcLat, 0.99);
            double refP99 = BrokerCeiling.pct(refLat, 0.99);
            out(String.format(Locale.ROOT, "source %2d publisher(s), %s: offered %,d; in Kafka %,d distinct (%,.0f/s), %,d duplicate(s), lost %,d;"
                    + " latency publish->Kafka consumer p50 %.1f ms p99 %.1f ms max %.1f ms | raw subscriber %,d distinct, p50 %.1f ms"
                    + " p99 %.1f ms max %.1f ms | worker CPU %.0f%%", publishers, lingerText, offered, reader.distinct(), reader.distinct() / seconds,
                    reader.duplicates(), offered - reader.distinct(), BrokerCeiling.pct(srcLat, 0.5), srcP99, max(srcLat), ref.distinct(),
                    BrokerCeiling.pct(refLat, 0.5), refP99, max(refLat), 100 * cpu));
            double[] hop = kafkaHop(publishers * PER_CONNECTION, o.sourceSeconds, linger);
            out(String.format(Locale.ROOT, "    reference Kafka hop alone (kafka-clients producer with Connect's settings, %s -> consumer, %d/s):"
                    + " p50 %.1f ms p99 %.1f ms max %.1f ms", lingerText, publishers * PER_CONNECTION, hop[0], hop[1], hop[2]));
            table.add(new Row(String.format(Locale.ROOT, "source, %d publisher(s) x 100/s, linger.ms %s", publishers,
                    linger == null ? "default" : linger),
                    String.format(Locale.ROOT, "%,.0f/s, lost %,d; p50 %.1f ms, p99 %.1f ms", reader.distinct() / seconds,
                            offered - reader.distinct(), BrokerCeiling.pct(srcLat, 0.5), srcP99),
                    String.format(Locale.ROOT, "raw subscriber: lost %,d; p50 %.1f ms, p99 %.1f ms (Kafka hop alone: p50 %.1f, p99 %.1f ms)",
                            offered - ref.distinct(), BrokerCeiling.pct(refLat, 0.5), refP99, hop[0], hop[1]),
                    String.format(Locale.ROOT, "p99 <= %.1f ms", 1.5 * refP99),
                    srcP99 <= 1.5 * refP99 && reader.distinct() == offered ? "met" : srcP99 <= 1.5 * refP99 ? "met (p99), losses" : "NOT met"));
        } finally {
            reader.close();
            pubs.forEach(RawEventPublisher::close);
            drivers.forEach(ConnectBenchmark::closeQuietly);
        }
    }

    /**
     * The Kafka part of the source path alone: a kafka-clients producer with the settings a Connect worker gives its
     * source tasks' producers (acks=all, one request in flight, Kafka's default linger) sends events carrying their
     * send time at {@code rate}/s for {@code seconds}; a consumer reads them. {p50, p99, max} in ms.
     */
    private double[] kafkaHop(int rate, double seconds, String linger) throws Exception {
        String topic = "bench-hop-" + (++seq);
        kafka.createTopic(topic, 1);
        long n = Math.round(rate * seconds);
        Map<String, Object> props = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1));
        if (linger != null) {
            props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.parseInt(linger));
        }
        try (KafkaLatencyReader reader = new KafkaLatencyReader(kafka.bootstrapServers(), topic, (int) n + 1024);
                KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            reader.start();
            p.send(new ProducerRecord<>(topic, "probe".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reader.probes() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            PublishPacer pacer = new PublishPacer(rate);
            for (long i = 0; i < n; i++) {
                pacer.await();
                p.send(new ProducerRecord<>(topic, RawEventPublisher.encode(0, i, System.nanoTime())));
            }
            p.flush();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reader.distinct() < n && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long[] lat = reader.latencies();
            Arrays.sort(lat);
            return new double[] {BrokerCeiling.pct(lat, 0.5), BrokerCeiling.pct(lat, 0.99), max(lat)};
        }
    }

    private static double max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
    }

    /** Reads a topic from its start; events with a {@link RawEventPublisher} payload give latency, "probe" counts. */
    static final class KafkaLatencyReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Map<Integer, BitSet> seen = new HashMap<>();
        private final Thread thread;
        private long[] latencies;
        private int count;
        private long distinct;
        private long duplicates;
        private volatile long probes;
        private volatile long lastAt;

        KafkaLatencyReader(String bootstrap, String topic, int expected) {
            this.topic = topic;
            this.latencies = new long[Math.max(1024, expected)];
            this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + topic, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.thread = new Thread(this::run, "bench-kafka-reader");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    byte[] v = r.value();
                    if (v != null && v.length == RawEventPublisher.PAYLOAD_BYTES) {
                        ByteBuffer b = ByteBuffer.wrap(v);
                        int pub = b.getInt();
                        long s = b.getLong();
                        long sent = b.getLong();
                        synchronized (this) {
                            BitSet bits = seen.computeIfAbsent(pub, x -> new BitSet());
                            if (bits.get((int) s)) {
                                duplicates++;
                                continue;
                            }
                            bits.set((int) s);
                            distinct++;
                            lastAt = now;
                            if (count == latencies.length) {
                                latencies = Arrays.copyOf(latencies, count * 2);
                            }
                            latencies[count++] = now - sent;
                        }
                    } else {
                        probes++;
                    }
                }
            }
        }

        synchronized long distinct() {
            return distinct;
        }

        synchronized long duplicates() {
            return duplicates;
        }

        synchronized long[] latencies() {
            return Arrays.copyOf(latencies, count);
        }

        long probes() {
            return probes;
        }

        long lastAt() {
            return lastAt;
        }

        @Override
        public void close() {
            stop.set(true);
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    // ------------------------------------------------------------------ heap

    private void heap() throws Exception {
        long sinkRecords = o.heapRecords / 2;
        long sourceRecords = o.heapRecords - sinkRecords;
        int id = ++seq;
        String sinkTopic = "bench-heap-sink-" + id;
        String sinkPilotTopic = "bench.heap.sink." + id;
        String srcPilotTopic = "bench.heap.src." + id;
        String srcTopic = "bench-heap-src-" + id;
        kafka.createTopic(sinkTopic, o.heapSinkTasks);
        kafka.createTopic(srcTopic, 1);
        section(String.format(Locale.ROOT, "heap: %,d records through one worker running both connectors (sink %,d records, tasks.max=%d;"
                + " source %,d events from %d publishers x 100/s)", o.heapRecords, sinkRecords, o.heapSinkTasks, sourceRecords, o.heapPublishers));
        String sinkName = "bench-heap-sink-" + id;
        String srcName = "bench-heap-source-" + id;
        List<PilotDriver> drivers = new ArrayList<>();
        List<RawEventPublisher> pubs = new ArrayList<>();
        List<String> samples = new ArrayList<>();
        try (AutoCloseable src = startConnector(srcName, sourceConfig(srcPilotTopic, srcTopic), 1);
                AutoCloseable sink = startConnector(sinkName, sinkConfig(sinkTopic, o.heapSinkTasks), o.heapSinkTasks);
                PilotDriver sd = PilotDriver.connect(workerNode.socketPath().toString());
                RawEventSubscriber sinkSub = new RawEventSubscriber(sd, broker, sinkPilotTopic, 1024, null)) {
            BrokerCeiling.awaitSubscriptions(workerNode.socketPath(), broker, List.of(sinkSub), List.of(sinkPilotTopic));
            // the source's subscription: probes until one is in Kafka
            try (PilotDriver pd = PilotDriver.connect(workerNode.socketPath().toString());
                    RawEventPublisher probe = new RawEventPublisher(-1, pd, broker, 0)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (endOffset(srcTopic) == 0 && System.nanoTime() < deadline) {
                    probe.publishNow(srcPilotTopic, "probe".getBytes(StandardCharsets.UTF_8));
                    Thread.sleep(200);
                }
            }
            long probeRecords = endOffset(srcTopic);
            long base = heapUsedAfterGc();
            samples.add(sample(0, 0, 0, base, 0));
            out(samples.get(0));
            long t0 = System.nanoTime();
            CompletableFuture<Void> produce = CompletableFuture.runAsync(() -> preProduce(sinkTopic, o.heapSinkTasks, sinkRecords, sinkPilotTopic));
            long perPublisher = (sourceRecords + o.heapPublishers - 1) / o.heapPublishers;
            for (int i = 0; i < o.heapPublishers; i++) {
                PilotDriver d = PilotDriver.connect(workerNode.socketPath().toString());
                drivers.add(d);
                pubs.add(new RawEventPublisher(i, d, broker, PER_CONNECTION));
            }
            CountDownLatch go = new CountDownLatch(1);
            double expectedRate = (o.heapSinkTasks + o.heapPublishers) * (double) PER_CONNECTION;
            long limitSeconds = (long) (o.heapRecords / expectedRate * 3) + 300;
            long deadline = t0 + TimeUnit.SECONDS.toNanos(limitSeconds);
            for (RawEventPublisher p : pubs) {
                p.startPublishing(srcPilotTopic, perPublisher, go, deadline);
            }
            go.countDown();
            long nextSample = o.heapSample;
            long total = 0;
            long lastTotal = -1;
            long stalledSince = System.nanoTime();
            while (total < o.heapRecords && System.nanoTime() < deadline) {
                Thread.sleep(500);
                long sinkDone = committed("connect-" + sinkName, sinkTopic);
                long srcDone = endOffset(srcTopic) - probeRecords;
                total = sinkDone + srcDone;
                if (total != lastTotal) {
                    lastTotal = total;
                    stalledSince = System.nanoTime();
                } else if (System.nanoTime() - stalledSince > TimeUnit.SECONDS.toNanos(60)) {
                    out("heap run: no progress for 60 s, stopping at " + total + " records");
                    break;
                }
                if (total >= nextSample) {
                    long used = heapUsedAfterGc();
                    String s = sample(total, sinkDone, srcDone, used, (System.nanoTime() - t0) / 1e9);
                    samples.add(s);
                    out(s);
                    while (nextSample <= total) {
                        nextSample += o.heapSample;
                    }
                }
            }
            produce.get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long sinkDone = committed("connect-" + sinkName, sinkTopic);
            long srcDone = endOffset(srcTopic) - probeRecords;
            long[] used = samples.stream().mapToLong(ConnectBenchmark::sampleUsed).toArray();
            long first = used.length > 1 ? used[1] : used[0];
            long last = used[used.length - 1];
            long min = Arrays.stream(used).skip(1).min().orElse(first);
            long maxUsed = Arrays.stream(used).skip(1).max().orElse(first);
            out(String.format(Locale.ROOT, "heap run: %,d records in %.0f s (%,.0f/s: sink %,d committed, %,d delivered to the subscriber;"
                    + " source %,d in Kafka of %,d published)", sinkDone + srcDone, seconds, (sinkDone + srcDone) / seconds, sinkDone,
                    sinkSub.distinct(), srcDone, pubs.stream().mapToLong(RawEventPublisher::sent).sum()));
            table.add(new Row(String.format(Locale.ROOT, "worker heap after GC over %,d records", sinkDone + srcDone),
                    String.format(Locale.ROOT, "%.1f MiB before load; %.1f-%.1f MiB at the %d samples; last %.1f MiB (%+.1f MiB vs first sample)",
                            base / 1048576.0, min / 1048576.0, maxUsed / 1048576.0, used.length - 1, last / 1048576.0, (last - first) / 1048576.0),
                    String.format(Locale.ROOT, "%,.0f records/s, sink tasks.max=%d, %d publishers", (sinkDone + srcDone) / seconds,
                            o.heapSinkTasks, o.heapPublishers),
                    "flat", Math.abs(last - first) < 16L * 1048576 && maxUsed - min < 32L * 1048576 ? "met" : "check"));
        } finally {
            pubs.forEach(RawEventPublisher::close);
            drivers.forEach(ConnectBenchmark::closeQuietly);
        }
    }

    private static String sample(long total, long sink, long src, long used, double seconds) {
        return String.format(Locale.ROOT, "heap sample: %,9d records (sink %,d, source %,d) at %6.0f s: %,d KiB used after GC", total, sink, src,
                seconds, used / 1024);
    }

    private static long sampleUsed(String sample) {
        Matcher m = Pattern.compile(": ([0-9,]+) KiB used").matcher(sample);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) * 1024 : 0;
    }

    private static final Pattern USED = Pattern.compile("(?m)generation\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
    private static final Pattern G1_USED = Pattern.compile("(?m)garbage-first heap\\s+total\\s+(?:reserved\\s+\\d+K,\\s+committed\\s+)?(\\d+)K,\\s+used\\s+(\\d+)K");

    /** The worker's heap used after a full GC, in bytes ({@code jcmd GC.run} then {@code GC.heap_info}). */
    private long heapUsedAfterGc() {
        worker.jcmd("GC.run");
        String info = worker.heapInfo();
        long used = 0;
        Matcher m = USED.matcher(info);
        while (m.find()) {
            used += Long.parseLong(m.group(2)) * 1024;
        }
        if (used == 0) {
            Matcher g = G1_USED.matcher(info);
            if (g.find()) {
                used = Long.parseLong(g.group(2)) * 1024;
            }
        }
        if (used == 0) {
            throw new IllegalStateException("cannot parse GC.heap_info:\n" + info);
        }
        return used;
    }

    /** End offset of partition 0; retried while a just-created topic's metadata is not there yet (30 s at most). */
    private long endOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin().listOffsets(Map.of(tp, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).get(tp).offset();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private long committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> m = admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        return m.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** One admin client for the whole run (EmbeddedKafka.admin() makes a new one per call). */
    private synchronized org.apache.kafka.clients.admin.Admin admin() {
        if (admin == null) {
            admin = kafka.admin();
        }
        return admin;
    }

    // ------------------------------------------------------------------ output

    private double workerCpuSeconds() {
        return worker == null ? 0 : BrokerCeiling.procTicks(worker.pid()) / 100.0;
    }

    private void section(String title) {
        out("");
        out("---- " + title);
    }

    private void out(String line) {
        System.out.println(line);
        log.add(line);
    }

    private static String rate(double[] r) {
        return String.format(Locale.ROOT, "%,.0f/s sustained (%,.0f/s first->last, %,.0f/s incl. start-up)%s", r[0], r[1], r[5],
                r[2] < r[4] ? String.format(Locale.ROOT, ", %,.0f of %,.0f delivered", r[2], r[4]) : "")
                + (r[3] > 0 ? String.format(Locale.ROOT, ", %,.0f dup", r[3]) : "");
    }

    private void print(String started, String loadBefore) {
        System.out.println();
        System.out.println("==== connect benchmark, started " + started + " (" + Runtime.getRuntime().availableProcessors()
                + " cores; load average before " + loadBefore + ", after " + loadAverage() + "; daemons 1.18.0) ====");
        log.forEach(System.out::println);
        System.out.println();
        System.out.println("broker ceiling: " + ceilingStatement);
        System.out.println("per-connection limit: " + PER_CONNECTION + "/s (publish rate of every publisher, sink task and route)");
        System.out.println();
        int w0 = table.stream().mapToInt(r -> r.what().length()).max().orElse(10);
        int w1 = table.stream().mapToInt(r -> r.measured().length()).max().orElse(10);
        int w2 = table.stream().mapToInt(r -> r.reference().length()).max().orElse(10);
        int w3 = table.stream().mapToInt(r -> r.target().length()).max().orElse(10);
        String fmt = "| %-" + w0 + "s | %-" + w1 + "s | %-" + w2 + "s | %-" + w3 + "s | %s |%n";
        System.out.printf(fmt, "case", "measured", "reference (same run)", "target", "verdict");
        for (Row r : table) {
            System.out.printf(fmt, r.what(), r.measured(), r.reference(), r.target(), r.verdict());
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    private void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (connect != null) {
            connect.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
