package io.camelagents.brokers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-JVM Kafka node in KRaft mode (combined broker + controller) on two free 127.0.0.1 ports, with its log
 * directory in a temp folder. It uses the broker's own classes ({@link KafkaRaftServer}, {@link Formatter}), the ones
 * {@code kafka-server-start.sh} runs: no test jars, no Docker.
 * <p>
 * A single node means every replication factor must be 1 (the defaults of 3 make consumer groups and
 * transactions wait forever); {@link #start()} sets them. {@link #stop()} and {@link #start()} can be called
 * repeatedly: the node comes back on the same ports with the same data, which is how the bridge tests simulate an
 * outage. Every failure is thrown: a test that needs Kafka fails when it cannot have it.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> extraConfig;
    private boolean formatted;
    private KafkaRaftServer server;

    /** A node with its data in a new temp directory (deleted on {@link #close()}). */
    public EmbeddedKafka() {
        this(Map.of());
    }

    /** Same, with broker settings added or overridden (e.g. {@code log.retention.ms}). */
    public EmbeddedKafka(Map<String, String> extraConfig) {
        try {
            this.dataDir = Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory", e);
        }
        this.deleteDataDirOnClose = true;
        this.brokerPort = FreePorts.tcp();
        this.controllerPort = FreePorts.tcp();
        this.extraConfig = Map.copyOf(extraConfig);
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers} or camel-kafka's {@code brokers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Starts the node (formatting the data directory the first time) and waits until it answers a metadata
     * request. Restarting after {@link #stop()} keeps ports and data.
     */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        long began = System.nanoTime();
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(), false);
        if (!formatted) {
            format();
            formatted = true;
        }
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(s);
            throw new IllegalStateException("embedded Kafka did not start on " + bootstrapServers(), e);
        }
        server = s;
        awaitReady(Duration.ofSeconds(90));
        LOG.info("embedded Kafka up at {} in {} ms (data {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), dataDir);
        return this;
    }

    /** Clean shutdown (flushes the logs); the data directory stays for the next {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long began = System.nanoTime();
        KafkaRaftServer s = server;
        server = null;
        s.shutdown();
        s.awaitShutdown();
        LOG.info("embedded Kafka at {} stopped in {} ms", bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    /** Stops, then starts again on the same ports with the same data. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Creates a topic with replication factor 1 (an existing topic is fine) and waits for the result. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers(), e);
        }
    }

    /** An admin client for this node; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        return Admin.create(p);
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (deleteDataDirOnClose) {
                deleteRecursively(dataDir);
            }
        }
    }

    private Properties brokerProperties() {
        String logDir = dataDir.resolve("log").toString();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir);
        // one node: every internal topic needs replication factor 1, or groups and transactions never start
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.putAll(extraConfig);
        return p;
    }

    private void format() {
        String logDir = dataDir.resolve("log").toString();
        try {
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir)
                    .setMetadataLogDirectory(logDir)
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + logDir, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                sleep(200);
            }
        }
        throw new IllegalStateException("embedded Kafka at " + bootstrapServers() + " not ready within " + timeout.toSeconds() + " s", last);
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException ignored) {
            // already failing; the start error is the one to report
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
