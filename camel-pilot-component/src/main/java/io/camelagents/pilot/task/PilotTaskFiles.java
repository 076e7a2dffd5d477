package io.camelagents.pilot.task;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.camelagents.pilot.PilotConfiguration;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The task state an older daemon (one that runs the task service itself, like v1.2.2) keeps under
 * {@code $HOME/.pilot/tasks}: {@code received/<id>.json} for tasks this node executes, {@code submitted/<id>.json}
 * and {@code results/<id>_result.txt} (or {@code <id>_<filename>}) for tasks it submitted. pilotctl edits these
 * files; so do we, the same way.
 */
public final class PilotTaskFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Task files are small; anything larger is not one. */
    private static final long MAX_TASK_FILE = 17L * 1024 * 1024;

    private final Path dir;

    PilotTaskFiles(Path dir) {
        this.dir = dir;
    }

    public static PilotTaskFiles of(PilotConfiguration config) {
        String d = config.getTasksDir();
        return new PilotTaskFiles(d != null ? Path.of(d) : Path.of(System.getProperty("user.home"), ".pilot", "tasks"));
    }

    public Path dir() {
        return dir;
    }

    /** Received tasks still NEW, oldest name first. Unreadable files are skipped (the daemon may be writing). */
    public List<ObjectNode> newReceivedTasks() throws IOException {
        Path received = dir.resolve("received");
        List<ObjectNode> out = new ArrayList<>();
        if (!Files.isDirectory(received)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(received, "*.json")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            read(f).filter(t -> "NEW".equals(t.path("status").asText())).ifPresent(out::add);
        }
        return out;
    }

    /** Rewrites a received task's status as pilotctl does. */
    public void updateReceived(String taskId, String status, String justification) throws IOException {
        Path f = dir.resolve("received").resolve(taskId + ".json");
        ObjectNode task = read(f).orElseThrow(() -> new IOException("task file " + f + " is missing or unreadable"));
        task.put("status", status);
        task.put("status_justification", justification);
        if ("ACCEPTED".equals(status)) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            task.put("accepted_at", now.toString());
            Instant created = Instant.parse(task.path("created_at").asText(now.toString()));
            task.put("time_idle_ms", Math.max(0, now.toEpochMilli() - created.toEpochMilli()));
        }
        writeAtomically(f, task);
    }

    /**
     * Records a task this node submits: the daemon updates the file when status updates and results arrive, and
     * drops updates for tasks it has no file for (v1.2.2), so this happens before the SUBMIT is sent.
     */
    public void recordSubmitted(String taskId, String description, String from, String to) throws IOException {
        Path submitted = Files.createDirectories(dir.resolve("submitted"));
        ObjectNode task = JSON.createObjectNode();
        task.put("task_id", taskId);
        task.put("task_description", description);
        task.put("created_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        task.put("status", "NEW");
        task.put("status_justification", "A new task was created");
        task.put("from", from);
        task.put("to", to);
        writeAtomically(submitted.resolve(taskId + ".json"), task);
    }

    /** Removes the record of a submission the receiver did not accept. */
    public void forgetSubmitted(String taskId) throws IOException {
        Files.deleteIfExists(dir.resolve("submitted").resolve(taskId + ".json"));
    }

    /** Temp file, then rename: the daemon and pilotctl never see a half-written task file. */
    private static void writeAtomically(Path f, ObjectNode task) throws IOException {
        Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), task);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The status the daemon recorded for a task this node submitted, if the file exists yet. */
    public Optional<ObjectNode> submitted(String taskId) {
        return read(dir.resolve("submitted").resolve(taskId + ".json"));
    }

    /** The result file the daemon saved for a submitted task: {@code <id>_result.txt} or {@code <id>_<filename>}. */
    public Optional<Path> result(String taskId) throws IOException {
        Path results = dir.resolve("results");
        if (!Files.isDirectory(results)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(results, taskId + "_*")) {
            for (Path p : ds) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<ObjectNode> read(Path f) {
        try {
            if (!Files.isRegularFile(f) || Files.size(f) > MAX_TASK_FILE) {
                return Optional.empty();
            }
            return JSON.readTree(f.toFile()) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
