package io.camelagents.pilot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.testkit.PilotBinaries;
import io.camelagents.pilot.testkit.PilotNode;

/**
 * The real {@code pilotctl subscribe}, running in the background and read line by line while it runs
 * ({@code --json} prints one {@code {"topic":..,"data":..}} line per event as it arrives), so a test can publish
 * probe events until the CLI shows one (see {@link PilotReadiness#confirmSubscription}) and only then act.
 */
final class CliSubscriber implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final List<String> payloads = new CopyOnWriteArrayList<>();
    private final StringBuilder otherOutput = new StringBuilder();

    private CliSubscriber(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readEvents, "pilotctl-subscribe-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code pilotctl subscribe <broker> <topic>} against {@code node}'s daemon (at most 5 minutes). */
    static CliSubscriber start(PilotNode node, String broker, String topic) {
        ProcessBuilder pb = new ProcessBuilder(PilotBinaries.of(node.generation()).pilotctl().toString(), "--json",
                "subscribe", broker, topic, "--timeout", "300s").redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(node.pilotctlEnvironment());
        try {
            return new CliSubscriber(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run pilotctl subscribe", e);
        }
    }

    private void readEvents() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode event = parse(line);
                if (event != null && event.has("topic") && event.has("data")) {
                    payloads.add(event.path("data").asText());
                } else {
                    synchronized (otherOutput) {
                        otherOutput.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // the process was closed
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Payloads of the events received so far, in arrival order. */
    List<String> payloads() {
        return List.copyOf(payloads);
    }

    boolean received(String payload) {
        return payloads.contains(payload);
    }

    @Override
    public String toString() {
        synchronized (otherOutput) {
            return "pilotctl subscribe (" + (process.isAlive() ? "running" : "exited " + process.exitValue()) + "), events "
                    + payloads + ", other output: " + otherOutput.toString().strip();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
