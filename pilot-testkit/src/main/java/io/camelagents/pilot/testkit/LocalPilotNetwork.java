package io.camelagents.pilot.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelagents.pilot.testkit.registry.LoopbackRegistry;
import io.camelagents.pilot.testkit.registry.SignaturePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Pilot network on 127.0.0.1: a registry on a free port and N real daemons, each with its own HOME,
 * socket, identity and UDP port, all public and mutually trusted. Used by tests (through
 * {@link LocalPilotNetworkExtension}) and by the demo. {@link #close()} stops every process it started; a JVM
 * shutdown hook and each daemon's watchdog cover the cases where close() never runs.
 * <p>
 * The registry is the official {@code rendezvous} binary when it is installed, else {@link LoopbackRegistry}
 * (the module proxy reachable here refuses the rendezvous module).
 */
public final class LocalPilotNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPilotNetwork.class);
    private static final Set<LocalPilotNetwork> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(LocalPilotNetwork::close),
                "pilot-network-shutdown"));
    }

    private final Builder config;
    private final Path baseDir;
    private final List<PilotNode> nodes = new ArrayList<>();
    private AutoCloseable registry;
    private String registryAddress;
    private boolean ownsBaseDir;

    private LocalPilotNetwork(Builder config) {
        this.config = config;
        try {
            if (config.baseDir != null) {
                this.baseDir = Files.createDirectories(config.baseDir);
            } else {
                // Short paths: a Unix socket path must stay under 108 bytes.
                this.baseDir = Files.createTempDirectory(Path.of("/tmp"), "plt-");
                this.ownsBaseDir = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the registry, the daemons, and (unless disabled) mutual trust between every pair. */
    public LocalPilotNetwork start() {
        OPEN.add(this);
        try {
            startRegistry();
            PilotBinaries binaries = PilotBinaries.of(config.generation);
            for (int i = 0; i < config.nodes; i++) {
                String name = config.hostnamePrefix + "-" + (char) ('a' + i);
                PilotNode node = new PilotNode(name, binaries, baseDir.resolve("n" + i), name, config.extraDaemonFlags,
                        config.publicNodes, config.autoApproveTrust, config.extraDaemonEnvironment);
                nodes.add(node);
                node.start(registryAddress, config.startTimeout);
            }
            if (config.mutualTrust) {
                establishTrust();
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startRegistry() {
        PilotBinaries binaries = PilotBinaries.of(config.generation);
        int port = freeTcpPort();
        registryAddress = "127.0.0.1:" + port;
        if (binaries.rendezvous().isPresent() && !config.forceLoopbackRegistry) {
            registry = startRendezvous(binaries.rendezvous().get(), port);
        } else {
            // Newest daemons sign every request correctly, so the fixture verifies every signature; older ones
            // register unsigned, so for them mismatches are only logged.
            SignaturePolicy signatures = config.generation == PilotGeneration.NEWEST ? SignaturePolicy.ENFORCE : SignaturePolicy.WARN;
            registry = LoopbackRegistry.builder().bind(new InetSocketAddress("127.0.0.1", port))
                    .signaturePolicy(signatures).start();
        }
    }

    private AutoCloseable startRendezvous(Path binary, int port) {
        int beaconPort = PilotNode.freeUdpPort();
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-registry-addr", "127.0.0.1:" + port,
                "-beacon-addr", "127.0.0.1:" + beaconPort)
                .redirectErrorStream(true)
                .redirectOutput(baseDir.resolve("rendezvous.log").toFile());
        pb.environment().put("PILOT_REGISTRY_NORATELIMIT", "1");
        try {
            Process p = pb.start();
            waitForTcp(port, Duration.ofSeconds(20));
            return () -> {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every node sends a handshake to every other node; with both directions requested the daemons approve each
     * other (mutual handshake). Waits until each node lists every other node as trusted.
     */
    public void establishTrust() {
        for (PilotNode a : nodes) {
            for (PilotNode b : nodes) {
                if (a != b) {
                    a.pilotctl("handshake", Long.toString(b.nodeId()), "local test network").orThrow();
                }
            }
        }
        long deadline = System.nanoTime() + config.trustTimeout.toNanos();
        for (PilotNode a : nodes) {
            for (PilotNode b : nodes) {
                if (a != b) {
                    awaitTrusted(a, b, deadline);
                }
            }
        }
    }

    private void awaitTrusted(PilotNode a, PilotNode b, long deadline) {
        while (true) {
            PilotCtlResult r = a.pilotctl("trust");
            if (r.ok() && trustListContains(r.json(), b.nodeId())) {
                return;
            }
            // a pending request (e.g. one side missed the other's handshake) is approved explicitly
            PilotCtlResult pending = a.pilotctl("pending");
            if (pending.ok() && pending.json().toString().contains("\"node_id\":" + b.nodeId())) {
                a.pilotctl("approve", Long.toString(b.nodeId()));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + a.name() + " does not trust " + b.name() + " (node "
                        + b.nodeId() + ") within " + config.trustTimeout.toSeconds() + " s; last: " + r
                        + "\n" + a.name() + " log:\n" + a.logTail(30));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    static boolean trustListContains(JsonNode json, long nodeId) {
        JsonNode list = json.has("trusted") ? json.get("trusted") : json;
        for (JsonNode peer : list) {
            if (peer.path("node_id").asLong(-1) == nodeId) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets a node's reputation ("polo score") at the registry. Older daemons refuse a task whose submitter has a
     * lower score than the receiver, and each completed task raises the receiver's: tests that send several tasks
     * to one node raise their submitters first. The registry's set_polo_score is unauthenticated, as upstream.
     */
    public void setPoloScore(PilotNode node, int score) {
        String[] hostPort = registryAddress.split(":");
        try (java.net.Socket socket = new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.setSoTimeout(10_000);
            byte[] body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(
                    java.util.Map.of("type", "set_polo_score", "node_id", node.nodeId(), "polo_score", score));
            java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
            out.writeInt(body.length);
            out.write(body);
            out.flush();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            byte[] reply = new byte[in.readInt()];
            in.readFully(reply);
            String text = new String(reply, java.nio.charset.StandardCharsets.UTF_8);
            if (text.contains("\"error\"")) {
                throw new IllegalStateException("set_polo_score refused: " + text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the registry at " + registryAddress, e);
        }
    }

    public PilotNode node(int index) {
        return nodes.get(index);
    }

    public List<PilotNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** {@code 127.0.0.1:port} of the registry. */
    public String registryAddress() {
        return registryAddress;
    }

    public PilotGeneration generation() {
        return config.generation;
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Stops every daemon and the registry; removes the temporary directory it created. */
    @Override
    public synchronized void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        for (PilotNode n : nodes) {
            try {
                n.destroy();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed", n, e);
            }
        }
        if (registry != null) {
            try {
                registry.close();
            } catch (Exception e) {
                LOG.warn("stopping the registry failed", e);
            }
        }
        if (ownsBaseDir && !config.keepFiles) {
            deleteTree(baseDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", dir, e.getMessage());
        }
    }

    static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitForTcp(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("registry did not listen on 127.0.0.1:" + port + " within " + timeout);
    }

    /** Settings of a local network. */
    public static final class Builder {
        private PilotGeneration generation = PilotGeneration.NEWEST;
        private int nodes = 2;
        private String hostnamePrefix = "agent";
        private boolean mutualTrust = true;
        private boolean publicNodes = true;
        private boolean autoApproveTrust = true;
        private boolean forceLoopbackRegistry;
        private boolean keepFiles;
        private Path baseDir;
        private List<String> extraDaemonFlags = List.of();
        private Map<String, String> extraDaemonEnvironment = Map.of();
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration trustTimeout = Duration.ofSeconds(60);

        public Builder generation(PilotGeneration g) {
            this.generation = g;
            return this;
        }

        public Builder nodes(int n) {
            if (n < 1 || n > 26) {
                throw new IllegalArgumentException("nodes must be 1..26, got " + n);
            }
            this.nodes = n;
            return this;
        }

        /** Hostnames are prefix-a, prefix-b, ... */
        public Builder hostnamePrefix(String prefix) {
            this.hostnamePrefix = prefix;
            return this;
        }

        public Builder mutualTrust(boolean on) {
            this.mutualTrust = on;
            return this;
        }

        /** Start daemons with -public (default true); private nodes need trust before peers can reach them. */
        public Builder publicNodes(boolean on) {
            this.publicNodes = on;
            return this;
        }

        /** Newest generation: start daemons with -trust-auto-approve (default true). */
        public Builder autoApproveTrust(boolean on) {
            this.autoApproveTrust = on;
            return this;
        }

        public Builder forceLoopbackRegistry(boolean on) {
            this.forceLoopbackRegistry = on;
            return this;
        }

        /** Keep HOMEs, logs and identities after close (for debugging). */
        public Builder keepFiles(boolean on) {
            this.keepFiles = on;
            return this;
        }

        /** Where node directories go; reusing it keeps identity files (and node ids) between runs. */
        public Builder baseDir(Path dir) {
            this.baseDir = dir;
            return this;
        }

        public Builder extraDaemonFlags(List<String> flags) {
            this.extraDaemonFlags = List.copyOf(flags);
            return this;
        }

        /**
         * Extra environment variables for every daemon, added after (and overriding) the kit's own, which are
         * described at {@code PilotNode.daemonEnvironment()}. The daemons inherit nothing else from this JVM. Meant
         * for test hooks, e.g. pointing {@code PILOT_PROXY} and {@code HTTPS_PROXY} at a loopback trap to prove
         * that no daemon reaches beyond loopback. pilotctl runs do not get these.
         */
        public Builder extraDaemonEnvironment(Map<String, String> env) {
            this.extraDaemonEnvironment = Map.copyOf(env);
            return this;
        }

        public Builder startTimeout(Duration d) {
            this.startTimeout = d;
            return this;
        }

        public Builder trustTimeout(Duration d) {
            this.trustTimeout = d;
            return this;
        }

        public LocalPilotNetwork start() {
            return new LocalPilotNetwork(this).start();
        }
    }
}
