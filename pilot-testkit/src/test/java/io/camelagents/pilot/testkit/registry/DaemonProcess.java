package io.camelagents.pilot.testkit.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real pilot-daemon process for the registry tests, in its own directory (HOME, socket,
 * identity, log) so several can share a host. The binaries come from the {@code agents.tools.dir}
 * system property (default /work/main/.tools); a missing binary fails the test instead of skipping.
 */
final class DaemonProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final String registry;
    private final String hostname;
    private final List<String> extraFlags;
    private Process process;
    private int starts;

    DaemonProcess(Path dir, String registry, String hostname, String... extraFlags) {
        this.dir = dir;
        this.registry = registry;
        this.hostname = hostname;
        this.extraFlags = List.of(extraFlags);
    }

    static Path binDir() {
        Path bin = Path.of(System.getProperty("agents.tools.dir", "/work/main/.tools"), "pilot-newest", "bin");
        for (String b : List.of("pilot-daemon", "pilotctl")) {
            assertTrue(Files.isExecutable(bin.resolve(b)),
                    bin.resolve(b) + " is missing: run scripts/install-pilot.sh (tests need the real binaries)");
        }
        return bin;
    }

    Path socket() {
        return dir.resolve("p.sock");
    }

    Path home() {
        return dir.resolve("home");
    }

    String hostname() {
        return hostname;
    }

    /** Starts the daemon and waits for its IPC socket, which appears only after registration. */
    DaemonProcess start() throws IOException, InterruptedException {
        Files.createDirectories(home());
        List<String> cmd = new ArrayList<>(List.of(binDir().resolve("pilot-daemon").toString(),
                "-registry", registry, "-beacon", "", "-listen", "127.0.0.1:0",
                "-socket", socket().toString(), "-identity", dir.resolve("id.json").toString(),
                "-hostname", hostname, "-telemetry-url", "", "-motd-feed-url", "", "-no-skillinject",
                "-transport", "udp", "-log-level", "debug"));
        cmd.addAll(extraFlags);
        Path log = dir.resolve("daemon-" + (++starts) + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", home().toString());
        pb.environment().remove("PILOT_REGISTRY");
        pb.environment().remove("PILOT_BEACON");
        process = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(socket())) {
            if (!process.isAlive()) {
                fail("pilot-daemon " + hostname + " exited with " + process.exitValue() + ":\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                fail("pilot-daemon " + hostname + " made no socket within " + START_TIMEOUT + ":\n" + tail(log));
            }
            Thread.sleep(50);
        }
        return this;
    }

    /**
     * Stops the daemon and waits until it has really exited: a dying daemon removes its socket
     * path late, which would delete the socket of a successor started too early.
     */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        process.waitFor(5, TimeUnit.SECONDS);
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Runs {@code pilotctl --json ...} against this daemon and returns the parsed reply. */
    JsonNode ctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binDir().resolve("pilotctl").toString(), "--json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("HOME", home().toString());
        pb.environment().put("PILOT_SOCKET", socket().toString());
        pb.environment().put("PILOT_REGISTRY", registry);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("pilotctl " + String.join(" ", args) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            // pilotctl prints its JSON errors on stderr.
            text = err.trim();
        }
        JsonNode reply;
        try {
            reply = JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("pilotctl " + String.join(" ", args) + " printed no JSON (exit "
                    + p.exitValue() + "): " + text + " " + err, e);
        }
        return reply == null ? JSON.createObjectNode() : reply;
    }

    /** Like {@link #ctl} but asserts {@code "status":"ok"} and returns {@code data}. */
    JsonNode ok(String... args) throws IOException, InterruptedException {
        JsonNode r = ctl(args);
        assertEquals("ok", r.path("status").asText(), () -> "pilotctl " + String.join(" ", args) + " -> " + r);
        return r.path("data");
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
