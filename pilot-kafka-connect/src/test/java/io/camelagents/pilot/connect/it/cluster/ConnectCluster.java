package io.camelagents.pilot.connect.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import io.camelagents.brokers.FreePorts;

/**
 * A Kafka Connect cluster in distributed mode: N {@link ConnectWorker} child JVMs sharing one group id and the
 * three internal topics on a Kafka broker, with {@code plugin.path} set to the packaged plugin directory.
 * <p>
 * The worker settings are a real deployment's, with the timeouts shortened so a test sees a rebalance in seconds:
 * a killed worker leaves the group after {@code session.timeout.ms} (6 s, the broker's minimum) and, because
 * incremental cooperative rebalancing keeps a lost worker's tasks unassigned for
 * {@code scheduled.rebalance.max.delay.ms} in case it returns, that delay is 5 s instead of 5 minutes. Sink task
 * consumers get a 10 s session so their partitions move as quickly, and small polls so a stopping task is not stuck
 * in a long put(). Offsets are flushed every second.
 */
public final class ConnectCluster implements AutoCloseable {
    private final Builder config;
    private final List<ConnectWorker> workers = Collections.synchronizedList(new ArrayList<>());
    private final Path log4jConfig;

    private ConnectCluster(Builder config) {
        this.config = config;
        try {
            Files.createDirectories(config.workDir);
            log4jConfig = config.workDir.resolve("worker-log4j2.properties");
            try (InputStream in = Objects.requireNonNull(ConnectCluster.class.getResourceAsStream("/it-connect-worker-log4j2.properties"),
                    "it-connect-worker-log4j2.properties not on the test classpath")) {
                Files.copy(in, log4jConfig, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isDirectory(config.pluginPath)) {
            throw new IllegalStateException("plugin.path " + config.pluginPath + " is not a directory: package the module first"
                    + " (mvn verify runs the ITs after package)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String groupId() {
        return config.groupId;
    }

    public Path pluginPath() {
        return config.pluginPath;
    }

    /** Starts {@code count} more workers at once and waits until each REST API is ready. */
    public List<ConnectWorker> startWorkers(int count) {
        List<ConnectWorker> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(newWorker().start());
        }
        // parallel waits: JVM starts overlap, the slowest one bounds the whole
        List<CompletableFuture<Void>> ready = started.stream()
                .map(w -> CompletableFuture.runAsync(() -> w.awaitReady(config.startTimeout))).toList();
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        }
        return started;
    }

    public ConnectWorker startWorker() {
        return startWorkers(1).get(0);
    }

    private ConnectWorker newWorker() {
        String name = "worker-" + (workers.size() + 1);
        int port = FreePorts.tcp();
        ConnectWorker w = new ConnectWorker(name, config.workDir.resolve(name), port, workerProperties(port), jvmArgs(),
                config.classpath);
        workers.add(w);
        return w;
    }

    Map<String, String> workerProperties(int restPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", config.bootstrapServers);
        p.put("group.id", config.groupId);
        p.put("config.storage.topic", config.groupId + "-configs");
        p.put("offset.storage.topic", config.groupId + "-offsets");
        p.put("status.storage.topic", config.groupId + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("offset.storage.partitions", "5");
        p.put("status.storage.partitions", "1");
        // the source writes a string key (the Pilot topic) and a bytes value; the sink reads them back the same way
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        p.put("listeners", "http://127.0.0.1:" + restPort);
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("rest.advertised.port", Integer.toString(restPort));
        p.put("rest.advertised.listener", "http");
        p.put("plugin.path", config.pluginPath.toString());
        // ServiceLoader manifests only (the plugin jar has them): skips the ~10 s reflective scan per worker start,
        // and a plugin without manifests would not load, which the harness IT would catch
        p.put("plugin.discovery", "service_load");
        p.put("offset.flush.interval.ms", "1000");
        // fast failover (see the class comment); the broker's group.min.session.timeout.ms is 6 s
        p.put("session.timeout.ms", "6000");
        p.put("heartbeat.interval.ms", "1500");
        p.put("rebalance.timeout.ms", "30000");
        p.put("scheduled.rebalance.max.delay.ms", "5000");
        // default 5 min: a worker that once fails to read the config topic in time would sit out that long
        p.put("worker.unsync.backoff.ms", "3000");
        p.put("task.shutdown.graceful.timeout.ms", "5000");
        p.put("consumer.session.timeout.ms", "10000");
        p.put("consumer.heartbeat.interval.ms", "2000");
        p.put("consumer.max.poll.records", "100");
        p.put("connector.client.config.override.policy", "All");
        p.putAll(config.extraProperties);
        return p;
    }

    private List<String> jvmArgs() {
        List<String> args = new ArrayList<>(List.of("-Xms64m", "-Xmx" + config.heap, "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + log4jConfig.toUri()));
        args.addAll(config.extraJvmArgs);
        return args;
    }

    public List<ConnectWorker> workers() {
        synchronized (workers) {
            return List.copyOf(workers);
        }
    }

    public List<ConnectWorker> liveWorkers() {
        return workers().stream().filter(ConnectWorker::isAlive).toList();
    }

    public ConnectWorker worker(String workerId) {
        return workers().stream().filter(w -> w.workerId().equals(workerId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no worker " + workerId + " in " + workers()));
    }

    /** A REST client of a live worker (any worker serves reads; writes are forwarded to the leader). */
    public ConnectRestClient rest() {
        return liveWorkers().stream().findFirst().map(ConnectWorker::rest)
                .orElseThrow(() -> new IllegalStateException("no live Connect worker"));
    }

    /** The connector's status as a live worker reports it; null while it does not exist (404). */
    public ConnectorStatus status(String connector) {
        ConnectRestClient.Response r = rest().connectorStatus(connector);
        if (r.status() == 404) {
            return null;
        }
        if (r.status() != 200) {
            throw new ConnectRestClient.RestException("status of " + connector, r.status(), r.body());
        }
        return ConnectorStatus.parse(r.json());
    }

    /** Waits until the connector and {@code tasks} tasks are RUNNING; a FAILED part fails at once with its trace. */
    public ConnectorStatus awaitRunning(String connector, int tasks, Duration timeout) {
        return awaitStatus(connector, s -> s.allRunning(tasks), tasks + " task(s) RUNNING", timeout);
    }

    /** Waits for a status condition (bounded); FAILED parts fail at once; REST hiccups during rebalances are retried. */
    public ConnectorStatus awaitStatus(String connector, Predicate<ConnectorStatus> condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                ConnectorStatus s = status(connector);
                last = s;
                if (s != null) {
                    String failure = s.failure();
                    if (failure != null) {
                        throw new AssertionError("while waiting for " + connector + " to have " + what + ": " + failure);
                    }
                    if (condition.test(s)) {
                        return s;
                    }
                }
            } catch (ConnectRestClient.RestException | UncheckedIOException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(connector + " did not reach '" + what + "' within " + timeout.toSeconds()
                        + " s; last status: " + last);
            }
            sleep(250);
        }
    }

    /** Prints the last lines of every worker's log (for failed tests). */
    public void printLogTails(PrintStream out, int lines) {
        for (ConnectWorker w : workers()) {
            out.println("----- " + w + ", log " + w.logFile() + " (last " + lines + " lines) -----");
            out.println(w.logTail(lines));
        }
    }

    /** Stops every worker gracefully in parallel (SIGKILL after the grace period). */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = workers().stream()
                .map(w -> CompletableFuture.runAsync(w::stop)).toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).exceptionally(t -> null).join();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Cluster settings. */
    public static final class Builder {
        private String bootstrapServers;
        private String groupId = "it-connect";
        private Path pluginPath;
        private Path workDir;
        private WorkerClasspath classpath;
        private String heap = "384m";
        private Duration startTimeout = Duration.ofSeconds(120);
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private final List<String> extraJvmArgs = new ArrayList<>();

        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        /** Group id; also the prefix of the internal topics. */
        public Builder groupId(String id) {
            this.groupId = id;
            return this;
        }

        /** The directory holding the packaged plugin directories (Connect's plugin.path). */
        public Builder pluginPath(Path dir) {
            this.pluginPath = dir;
            return this;
        }

        /** Where each worker gets its directory (properties, log). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder classpath(WorkerClasspath cp) {
            this.classpath = cp;
            return this;
        }

        /** -Xmx of each worker JVM, e.g. {@code 256m}. */
        public Builder heap(String xmx) {
            this.heap = xmx;
            return this;
        }

        public Builder startTimeout(Duration d) {
            this.startTimeout = d;
            return this;
        }

        /** Worker properties added to or overriding the defaults (e.g. {@code plugin.discovery}). */
        public Builder workerProperty(String key, String value) {
            extraProperties.put(key, value);
            return this;
        }

        /** Extra JVM options for every worker (e.g. JMX flags for a benchmark). */
        public Builder jvmArg(String arg) {
            extraJvmArgs.add(arg);
            return this;
        }

        /** Builds the cluster; no worker runs until {@link ConnectCluster#startWorkers(int)}. */
        public ConnectCluster build() {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(pluginPath, "pluginPath");
            Objects.requireNonNull(workDir, "workDir");
            if (classpath == null) {
                classpath = WorkerClasspath.fromBuild();
            }
            return new ConnectCluster(this);
        }
    }
}
