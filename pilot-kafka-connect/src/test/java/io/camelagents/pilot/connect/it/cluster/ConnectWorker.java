package io.camelagents.pilot.connect.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One real Kafka Connect distributed worker ({@code org.apache.kafka.connect.cli.ConnectDistributed}) running in a
 * child JVM on the {@link WorkerClasspath}, with its properties, log and nothing else in its own directory.
 * <p>
 * {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()}), a crash; {@link #stop()} is SIGTERM, Connect's
 * graceful shutdown. A worker never outlives the test JVM: a JVM shutdown hook kills every live worker, and a
 * small watchdog shell kills the worker when the test JVM disappears without running hooks (SIGKILL, crash).
 * {@link #pid()}, {@link #process()} and {@link #heapInfo()} make the worker's memory observable from outside.
 */
public final class ConnectWorker implements AutoCloseable {
    public static final String MAIN_CLASS = "org.apache.kafka.connect.cli.ConnectDistributed";

    private static final Set<ConnectWorker> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(ConnectWorker::kill),
                "connect-workers-shutdown"));
    }

    /** Kills the worker (pid $2) once the test JVM (pid $1) is gone; ends by itself when the worker ends. */
    private static final String WATCHDOG = """
            while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
            kill -9 "$2" 2>/dev/null
            exit 0
            """;

    private final String name;
    private final Path dir;
    private final int restPort;
    private final Map<String, String> properties;
    private final List<String> jvmArgs;
    private final WorkerClasspath classpath;
    private final Path logFile;
    private Process process;
    private Process watchdog;
    private int starts;

    ConnectWorker(String name, Path dir, int restPort, Map<String, String> properties, List<String> jvmArgs,
            WorkerClasspath classpath) {
        this.name = name;
        this.dir = dir;
        this.restPort = restPort;
        this.properties = new TreeMap<>(properties);
        this.jvmArgs = List.copyOf(jvmArgs);
        this.classpath = classpath;
        this.logFile = dir.resolve("worker.log");
    }

    public String name() {
        return name;
    }

    public int restPort() {
        return restPort;
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** The id Connect gives this worker in status responses ({@code worker_id}): advertised host and port. */
    public String workerId() {
        return "127.0.0.1:" + restPort;
    }

    public ConnectRestClient rest() {
        return new ConnectRestClient(restUrl());
    }

    public Path directory() {
        return dir;
    }

    public Path logFile() {
        return logFile;
    }

    /** The worker.properties this worker runs with (a copy). */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** The child process (for {@code toHandle()}, {@code info()}, exit codes); null before the first start. */
    public synchronized Process process() {
        return process;
    }

    /** The worker JVM's pid (for jcmd, jstat, /proc); fails before the first start. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the child JVM; returns at once. Use {@link #awaitReady(Duration)} (or the cluster's start methods). */
    public synchronized ConnectWorker start() {
        if (isAlive()) {
            return this;
        }
        try {
            Files.createDirectories(dir);
            Path props = dir.resolve("worker.properties");
            StringBuilder text = new StringBuilder("# written by ConnectWorker for " + name + "\n");
            properties.forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));
            Files.writeString(props, text.toString());
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(classpath.asArgument());
            cmd.add(MAIN_CLASS);
            cmd.add(props.toString());
            Files.writeString(logFile, "==== start " + (++starts) + " of " + name + ": " + String.join(" ", cmd).replace(classpath.asArgument(), "<worker classpath>") + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            // nothing from the test JVM's environment may change the worker's classpath or JVM options
            pb.environment().keySet().removeIf(k -> k.equals("CLASSPATH") || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("JDK_JAVA_OPTIONS") || k.startsWith("KAFKA_"));
            process = pb.start();
            LIVE.add(this);
            watchdog = new ProcessBuilder("bash", "-c", WATCHDOG, "connect-watchdog",
                    Long.toString(ProcessHandle.current().pid()), Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Connect worker " + name, e);
        }
        return this;
    }

    /**
     * Waits until the REST API answers {@code GET /} and {@code GET /connectors} (the latter only once the worker
     * has joined the group and read the config topic). Fails at once, with the log tail, if the JVM exits.
     */
    public void awaitReady(Duration timeout) {
        ConnectRestClient rest = rest();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            Process p = process();
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("Connect worker " + name + " exited (" + (p == null ? "never started" : "code " + p.exitValue())
                        + ") before its REST API was ready; log tail:\n" + logTail(80));
            }
            try {
                ConnectRestClient.Response root = rest.get("/");
                ConnectRestClient.Response connectors = root.status() == 200 ? rest.get("/connectors") : root;
                if (connectors.status() == 200) {
                    return;
                }
                last = "HTTP " + connectors.status() + " " + connectors.body();
            } catch (UncheckedIOException e) {
                last = e.getCause() == null ? e.toString() : e.getCause().toString();
            }
            sleep(250);
        }
        throw new IllegalStateException("Connect worker " + name + " REST API not ready within " + timeout.toSeconds()
                + " s (last: " + last + "); log tail:\n" + logTail(80));
    }

    /** SIGKILL: the worker dies without leaving the group or stopping its tasks, as in a crash. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
        LIVE.remove(this);
    }

    /** SIGTERM: Connect stops its connectors and tasks and leaves the group; SIGKILL after 60 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(60))) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
        LIVE.remove(this);
    }

    private boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited && watchdog != null) {
                watchdog.waitFor(5, TimeUnit.SECONDS);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code jcmd <pid> GC.heap_info}: the worker's heap as the JVM reports it (used, committed, capacity per
     * generation). The benchmark samples it; any other jcmd command works through {@link #jcmd(String...)}.
     */
    public String heapInfo() {
        return jcmd("GC.heap_info");
    }

    public String jcmd(String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid()));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd did not finish: " + cmd);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("jcmd failed (" + p.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ConnectWorker[" + name + ", " + restUrl() + (isAlive() ? ", pid " + pid() : ", not running") + "]";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
