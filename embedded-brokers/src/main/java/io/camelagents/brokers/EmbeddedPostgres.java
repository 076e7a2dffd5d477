package io.camelagents.brokers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster from the Debian packages (initdb / pg_ctl) in a temp directory, listening on
 * 127.0.0.1 on a free port. As root, the server runs as the {@code postgres} OS user (PostgreSQL refuses root).
 * Local socket connections (used for setup through psql) are trusted; TCP needs a password (scram-sha-256).
 * Missing binaries are an error naming the install script, never a skip.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private final Path binDir;
    private final Path baseDir;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    public EmbeddedPostgres() throws IOException {
        this.binDir = findBinDir();
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.baseDir = Files.createTempDirectory("embedded-pg");
        this.dataDir = baseDir.resolve("data");
        this.port = FreePorts.tcp();
        if (asPostgresUser) {
            UserPrincipal postgres = baseDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(baseDir, postgres);
        }
        run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "admin",
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"), 120);
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60",
                "-l", baseDir.resolve("postgres.log").toString(),
                "-o", "-p " + port + " -k " + baseDir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), 90);
    }

    public int port() {
        return port;
    }

    /** A JDBC-style DSN for a database on this cluster, as dbhub and other clients take it. */
    public String dsn(String user, String password, String database) {
        return "postgres://" + user + ":" + password + "@127.0.0.1:" + port + "/" + database + "?sslmode=disable";
    }

    /** Runs SQL as the superuser through the local socket; returns psql's output (unaligned, tuples only). */
    public String psql(String database, String sql) throws IOException {
        return run(List.of(binDir.resolve("psql").toString(), "-h", baseDir.toString(), "-p", String.valueOf(port),
                "-U", "admin", "-d", database, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t", "-c", sql), 60);
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), 60);
        } finally {
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String run(List<String> command, int timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.directory(baseDir.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + command, e);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("failed (" + process.exitValue() + "): " + command + "\n" + text);
        }
        return text.trim();
    }

    private static Path findBinDir() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Path.of(dir);
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found: run scripts/install-deps.sh");
    }
}
