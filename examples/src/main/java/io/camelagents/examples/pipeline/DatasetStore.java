package io.camelagents.examples.pipeline;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Agent A's datasets on disk: one NDJSON file per dataset, written as {@code <id>.ndjson.part} while the export runs
 * and renamed when sealed, so only complete datasets are ever served. Files are found by validated id only.
 */
public final class DatasetStore {
    private final Path dir;

    public DatasetStore(Path dir) {
        this.dir = dir;
    }

    /** A dataset being written: counts rows and bytes and hashes what it writes. */
    public static final class Writer implements AutoCloseable {
        private final String id;
        private final String batch;
        private final Path part;
        private final MessageDigest sha256;
        private final OutputStream out;
        private long rows;
        private long bytes;

        private Writer(String id, String batch, Path part) throws IOException {
            this.id = id;
            this.batch = batch;
            this.part = part;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            this.out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16), sha256);
        }

        public String id() {
            return id;
        }

        public String batch() {
            return batch;
        }

        public long rows() {
            return rows;
        }

        /** Appends one line (a JSON object, no newline inside). */
        public void writeLine(byte[] line) throws IOException {
            out.write(line);
            out.write('\n');
            rows++;
            bytes += line.length + 1L;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** A sealed dataset, as data.ready announces it. */
    public record Dataset(String id, String batch, long rows, long bytes, String sha256, Path file) {
    }

    public Writer create(String batch) throws IOException {
        String id = DatasetIds.newId();
        return new Writer(id, batch, dir.resolve(id + DatasetIds.FILE_SUFFIX + ".part"));
    }

    /** Closes the writer and makes the dataset servable. */
    public Dataset seal(Writer w) throws IOException {
        w.close();
        Path file = dir.resolve(DatasetIds.fileName(w.id));
        Files.move(w.part, file, StandardCopyOption.ATOMIC_MOVE);
        return new Dataset(w.id, w.batch, w.rows, w.bytes, HexFormat.of().formatHex(w.sha256.digest()), file);
    }

    /** Drops an export that failed half-way. */
    public void discard(Writer w) {
        try {
            w.close();
            Files.deleteIfExists(w.part);
        } catch (IOException ignored) {
            // a left-over .part file is never served
        }
    }

    /** The sealed file of a dataset; the id is validated first, so nothing but {@code <dir>/ds<hex>.ndjson} is reachable. */
    public Path file(String id) {
        Path file = dir.resolve(DatasetIds.fileName(id));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no dataset " + id + " here");
        }
        return file;
    }
}
