package io.camelagents.pilot.connect.it.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The Connect workers' classpath: connect-runtime, connect-json and their dependencies, plus the log4j2 binding a
 * Kafka distribution ships. The build resolves it from the stand-alone {@code src/test/it-worker/pom.xml} into
 * {@code target/it-worker.classpath} (system property {@code it.worker.classpath.file}). Loading it refuses any
 * jar of this project or of Camel: the connectors must come from {@code plugin.path} only.
 */
public record WorkerClasspath(List<Path> entries) {
    public static final String FILE_PROPERTY = "it.worker.classpath.file";

    public WorkerClasspath {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalStateException("the Connect worker classpath is empty");
        }
        for (Path p : entries) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("Connect worker classpath entry " + p + " does not exist");
            }
            String s = p.toString().replace('\\', '/');
            if (s.contains("/io/camelagents/") || s.contains("/org/apache/camel/") || s.contains("/target/classes")
                    || s.contains("/target/test-classes")) {
                throw new IllegalStateException("the Connect worker classpath must hold Kafka Connect and its dependencies only,"
                        + " but has " + p);
            }
        }
        if (entries.stream().noneMatch(p -> p.getFileName().toString().startsWith("connect-runtime-"))) {
            throw new IllegalStateException("the Connect worker classpath has no connect-runtime jar: " + entries);
        }
    }

    /** Reads the file the build wrote; a missing file fails (a test never runs on a guessed classpath). */
    public static WorkerClasspath fromBuild() {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("system property " + FILE_PROPERTY + " is not set: run the ITs through Maven"
                    + " (failsafe), which builds target/it-worker.classpath at generate-test-resources");
        }
        Path path = Path.of(file);
        try {
            String text = Files.readString(path).trim();
            return new WorkerClasspath(Arrays.stream(text.split(File.pathSeparator)).filter(s -> !s.isBlank())
                    .map(Path::of).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Connect worker classpath " + path
                    + " (built by the it-worker-classpath execution of pilot-kafka-connect's pom)", e);
        }
    }

    public String asArgument() {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }
}
