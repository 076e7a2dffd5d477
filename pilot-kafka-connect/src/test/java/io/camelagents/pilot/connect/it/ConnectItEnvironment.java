package io.camelagents.pilot.connect.it;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.pilot.connect.it.cluster.ConnectCluster;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;

/**
 * What every cluster IT runs against, started once per test JVM (see {@link ConnectItExtension}): an embedded
 * KRaft Kafka node, a local Pilot network of three real daemons, and a Connect cluster of two distributed workers
 * in child JVMs whose plugin.path is the packaged plugin.
 * <p>
 * Node roles: {@link #workerNode()} (a) is the daemon the connectors' tasks talk to (their pilot.socket.path);
 * b and c are other agents on the network. Tests that restart a daemon restart a, which comes back with its
 * identity; tests that kill a worker start a replacement ({@link #ensureWorkers()}).
 */
final class ConnectItEnvironment implements AutoCloseable {
    static final int WORKERS = 2;
    static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    final EmbeddedKafka kafka;
    final LocalPilotNetwork pilot;
    final ConnectCluster connect;

    private ConnectItEnvironment(EmbeddedKafka kafka, LocalPilotNetwork pilot, ConnectCluster connect) {
        this.kafka = kafka;
        this.pilot = pilot;
        this.connect = connect;
    }

    static ConnectItEnvironment start() {
        long began = System.nanoTime();
        Path work = Path.of(System.getProperty("it.work.dir", "target/it-work"));
        Path pluginPath = Path.of(System.getProperty("it.plugin.path", "target/connect-plugin"));
        // Kafka and the Pilot network are independent: start them side by side
        CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(() -> new EmbeddedKafka().start());
        CompletableFuture<LocalPilotNetwork> pilot = CompletableFuture.supplyAsync(() -> LocalPilotNetwork.builder()
                .nodes(3).hostnamePrefix("kc").start());
        EmbeddedKafka k = null;
        LocalPilotNetwork p = null;
        ConnectCluster c = null;
        try {
            k = kafka.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            c = ConnectCluster.builder().bootstrapServers(k.bootstrapServers()).groupId("it-connect")
                    .pluginPath(pluginPath).workDir(work.resolve("cluster-" + System.currentTimeMillis()))
                    .startTimeout(START_TIMEOUT).build();
            CompletableFuture<?> workers = CompletableFuture.runAsync(withCluster(c));
            p = pilot.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            workers.get(START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
            System.out.printf("cluster IT environment up in %d ms: Kafka %s, Pilot nodes %s, workers %s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), k.bootstrapServers(), p.nodes(), c.workers());
            return new ConnectItEnvironment(k, p, c);
        } catch (Exception e) {
            if (c != null) {
                c.printLogTails(System.out, 80);
                c.close();
            }
            closeQuietly(pilot);
            closeQuietly(kafka);
            throw new IllegalStateException("cannot start the cluster IT environment", e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
        }
    }

    private static Runnable withCluster(ConnectCluster c) {
        return () -> c.startWorkers(WORKERS);
    }

    private static void closeQuietly(CompletableFuture<? extends AutoCloseable> f) {
        f.thenAccept(x -> {
            try {
                x.close();
            } catch (Exception ignored) {
                // already failing
            }
        });
    }

    /** The daemon the connectors' tasks use (pilot.socket.path). */
    PilotNode workerNode() {
        return pilot.node(0);
    }

    PilotNode node(int i) {
        return pilot.node(i);
    }

    /** Brings the cluster back to {@link #WORKERS} live workers (after a kill). */
    void ensureWorkers() {
        int missing = WORKERS - connect.liveWorkers().size();
        if (missing > 0) {
            connect.startWorkers(missing);
        }
    }

    void printDiagnostics(PrintStream out) {
        connect.printLogTails(out, 150);
        for (PilotNode n : pilot.nodes()) {
            out.println("----- Pilot daemon " + n.name() + " (last 30 lines) -----");
            out.println(n.logTail(30));
        }
    }

    @Override
    public void close() {
        try {
            connect.close();
        } finally {
            try {
                pilot.close();
            } finally {
                kafka.close();
            }
        }
    }

}
