package io.camelagents.pilot.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real pilot-daemon process of a {@link LocalPilotNetwork}, with its own HOME, IPC socket, identity file and
 * UDP listen port. The daemon runs under a small watchdog shell that kills it when this JVM disappears, so even
 * a killed test JVM leaves no stray daemons behind.
 * <p>
 * Daemons make no outbound (non-loopback) connection: the registry is on 127.0.0.1, the beacon is off, and the
 * newest generation's network-reaching defaults are switched off. Flags turn off telemetry, the message-of-the-day
 * feed and skill injection; the environment (see {@link #daemonEnvironment()}) turns off the app-store catalogue
 * fetch, which has no flag, and the outbound proxy. The older generation (1.7.2) has none of these features.
 * {@code NoOutboundTrafficTest} checks it with a proxy trap.
 */
public final class PilotNode {
    private static final Logger LOG = LoggerFactory.getLogger(PilotNode.class);
    /** Kills the daemon when the JVM (pid $1) or the daemon itself is gone; forwards TERM. */
    private static final String WATCHDOG = """
            jvm="$1"; pidfile="$2"; shift 2
            "$@" &
            child=$!
            echo "$child" > "$pidfile"
            trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT HUP
            while kill -0 "$jvm" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5 & wait $!; done
            kill -TERM "$child" 2>/dev/null; sleep 2; kill -KILL "$child" 2>/dev/null
            wait "$child"
            """;

    private final String name;
    private final PilotBinaries binaries;
    private final Path home;
    private final Path socket;
    private final Path identity;
    private final Path logFile;
    private final Path pidFile;
    private final int listenPort;
    private final String hostname;
    private final List<String> extraFlags;
    private final boolean publicNode;
    private final boolean autoApproveTrust;
    private final Map<String, String> extraEnvironment;
    private String registryAddress;
    private Process watchdog;
    private JsonNode info;

    PilotNode(String name, PilotBinaries binaries, Path dir, String hostname, List<String> extraFlags, boolean publicNode,
            boolean autoApproveTrust, Map<String, String> extraEnvironment) {
        this.name = name;
        this.binaries = binaries;
        this.home = dir.resolve("home");
        this.socket = dir.resolve("s.sock");
        this.identity = dir.resolve("identity.json");
        this.logFile = dir.resolve("daemon.log");
        this.pidFile = dir.resolve("daemon.pid");
        this.listenPort = freeUdpPort();
        this.hostname = hostname;
        this.extraFlags = List.copyOf(extraFlags);
        this.publicNode = publicNode;
        this.autoApproveTrust = autoApproveTrust;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public PilotGeneration generation() {
        return binaries.generation();
    }

    public Path socketPath() {
        return socket;
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return logFile;
    }

    public String hostname() {
        return hostname;
    }

    /** Node id from the daemon's Info, read once it started. */
    public long nodeId() {
        return info().path("node_id").asLong();
    }

    /** Address text such as {@code 0:0000.0000.0005}. */
    public String address() {
        return info().path("address").asText();
    }

    public synchronized JsonNode info() {
        if (info == null) {
            info = pilotctl("info").orThrow().json();
        }
        return info;
    }

    public synchronized boolean isRunning() {
        return watchdog != null && watchdog.isAlive() && daemonPid().map(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).orElse(false);
    }

    /** Starts the daemon and waits until its IPC socket accepts connections. */
    public synchronized void start(String registry, Duration timeout) {
        this.registryAddress = registry;
        if (isRunning()) {
            return;
        }
        try {
            Files.deleteIfExists(pidFile);
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", WATCHDOG, "pilot-watchdog",
                Long.toString(ProcessHandle.current().pid()), pidFile.toString()));
        cmd.addAll(daemonCommand());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = pb.environment();
        env.clear(); // daemons get a minimal, explicit environment
        env.putAll(daemonEnvironment());
        try {
            watchdog = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        info = null;
        waitForSocket(timeout);
        LOG.info("pilot node {} ({}) up: socket {}, listen 127.0.0.1:{}", name, binaries.generation(), socket, listenPort);
    }

    /**
     * The daemon's whole environment: nothing is inherited from this JVM but PATH. Daemons that do not know a
     * variable ignore it, so the same set serves every generation.
     * <ul>
     * <li>{@code HOME}: the node's own directory (inbox, trust, config, app store all live under it).</li>
     * <li>{@code PILOT_APPSTORE_CATALOG_URL}: the newest daemon fetches its app-store catalogue (then its
     * signature) over HTTPS while starting, before its IPC socket appears, and again every 10 minutes; there is no
     * flag or config.json key for it, and an empty value means the built-in HTTPS address. Pointing it at a
     * {@code file://} path that does not exist turns every fetch into a local file miss: the daemon logs
     * {@code appstore: catalogue refresh failed (... no such file or directory) and no cache} and runs without
     * catalogue apps, which a test network never installs.</li>
     * <li>{@code PILOT_PROXY=off}: no outbound proxy. Given here rather than as {@code -proxy off} (the flag would
     * win over the environment) so that a test can point it at a trap through the extra environment.</li>
     * <li>{@code PILOT_NO_SKILLINJECT}, {@code PILOT_TELEMETRY_URL}, {@code PILOT_MOTD_URL}: the same switches as the
     * flags in {@link #daemonCommand()}, in case a flag is ever dropped.</li>
     * </ul>
     * Entries of the extra environment ({@link LocalPilotNetwork.Builder#extraDaemonEnvironment(Map)}) come last
     * and override these.
     */
    Map<String, String> daemonEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("PILOT_NO_SKILLINJECT", "1");
        env.put("PILOT_TELEMETRY_URL", "");
        env.put("PILOT_MOTD_URL", "");
        env.put("PILOT_PROXY", "off");
        env.put("PILOT_APPSTORE_ROOT", home.resolve(".pilot/apps").toString());
        env.put("PILOT_APPSTORE_CATALOG_URL", home.resolve(".pilot/no-catalogue.json").toUri().toString());
        env.putAll(extraEnvironment);
        return env;
    }

    List<String> daemonCommand() {
        List<String> cmd = new ArrayList<>(List.of(binaries.daemon().toString(),
                "-registry", registryAddress,
                "-beacon", "",
                "-listen", "127.0.0.1:" + listenPort,
                "-socket", socket.toString(),
                "-identity", identity.toString(),
                "-hostname", hostname,
                "-keepalive", "2s"));
        if (publicNode) {
            cmd.add("-public");
        }
        if (binaries.generation() == PilotGeneration.NEWEST) {
            // -proxy is left to the environment (PILOT_PROXY, see daemonEnvironment)
            cmd.addAll(List.of("-telemetry-url", "", "-motd-feed-url", "", "-no-skillinject", "-transport", "udp",
                    "-endpoint", "127.0.0.1:" + listenPort));
        }
        if (binaries.generation() == PilotGeneration.LEGACY) {
            cmd.addAll(List.of("-email", name + "@agents.localhost.test", "-endpoint", "127.0.0.1:" + listenPort));
        }
        if (autoApproveTrust && binaries.generation() != PilotGeneration.V1_2_2) {
            cmd.add("-trust-auto-approve");
        }
        cmd.addAll(extraFlags);
        return cmd;
    }

    private void waitForSocket(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(socket)) {
                return;
            }
            if (!watchdog.isAlive() || (Files.exists(pidFile) && daemonPid().isPresent()
                    && ProcessHandle.of(daemonPid().get()).isEmpty())) {
                throw new IllegalStateException("pilot daemon " + name + " exited before its socket appeared:\n" + logTail(40));
            }
            sleep(50);
        }
        throw new IllegalStateException("pilot daemon " + name + " socket " + socket + " did not appear within "
                + timeout.toSeconds() + " s:\n" + logTail(40));
    }

    /** Graceful stop (SIGTERM, then SIGKILL after 5 s). The identity, HOME and socket path stay for a restart. */
    public synchronized void stop() {
        signalDaemon(false);
        awaitExit(Duration.ofSeconds(5));
        signalDaemon(true);
        awaitExit(Duration.ofSeconds(5));
    }

    /** SIGKILL, as a crash would. */
    public synchronized void kill() {
        signalDaemon(true);
        awaitExit(Duration.ofSeconds(5));
    }

    /** Stops and starts again with the same identity, so the node keeps its node id. */
    public synchronized void restart(Duration timeout) {
        stop();
        start(registryAddress, timeout);
    }

    private void signalDaemon(boolean force) {
        daemonPid().flatMap(ProcessHandle::of).ifPresent(ph -> {
            if (force) {
                ph.destroyForcibly();
            } else {
                ph.destroy();
            }
        });
    }

    private void awaitExit(Duration timeout) {
        if (watchdog == null) {
            return;
        }
        try {
            if (!watchdog.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a stale socket file only matters to the next start, which deletes it again
        }
    }

    /** Stops the watchdog and the daemon for good. */
    synchronized void destroy() {
        if (watchdog == null) {
            return;
        }
        stop();
        watchdog.descendants().forEach(ProcessHandle::destroyForcibly);
        watchdog.destroyForcibly();
        try {
            watchdog.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Optional<Long> daemonPid() {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String text = Files.readString(pidFile).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Runs pilotctl against this node ({@code --json} is added first). */
    public PilotCtlResult pilotctl(String... args) {
        return pilotctl(Duration.ofSeconds(60), args);
    }

    public PilotCtlResult pilotctl(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binaries.pilotctl().toString());
        cmd.add("--json");
        cmd.addAll(List.of(args));
        return PilotCtl.run(cmd, pilotctlEnvironment(), timeout);
    }

    /** Environment for pilotctl (or any program) to talk to this node. */
    public Map<String, String> pilotctlEnvironment() {
        return Map.of("HOME", home.toString(),
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "PILOT_SOCKET", socket.toString(),
                "PILOT_REGISTRY", registryAddress == null ? "" : registryAddress,
                "PILOT_DAEMON_BIN", binaries.daemon().toString());
    }

    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "PilotNode[" + name + ", " + socket + "]";
    }
}
