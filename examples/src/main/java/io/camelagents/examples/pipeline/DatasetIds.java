package io.camelagents.examples.pipeline;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dataset ids and the file names they travel under. An id is {@code ds} and 16 lowercase hex digits: strict, so an
 * id taken from a peer's task or event can be used to look up a file without any path or SQL ever being built
 * from what the peer wrote.
 */
public final class DatasetIds {
    public static final Pattern ID = Pattern.compile("ds[0-9a-f]{16}");
    public static final String FILE_SUFFIX = ".ndjson";
    /** The receiving daemon stores {@code <base>-<timestamp>.<ext>}; the base is the id. */
    private static final Pattern RECEIVED_NAME = Pattern.compile("(ds[0-9a-f]{16})(?:-[0-9.-]+)?\\.ndjson");
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatasetIds() {
    }

    public static String newId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "ds" + HexFormat.of().formatHex(b);
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The id, or an exception saying what an id looks like (without echoing more than a short prefix). */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("a dataset id is 'ds' and 16 lowercase hex digits, not '" + SafeShow.of(id) + "'");
        }
        return id;
    }

    /** The file name the sender gives a dataset. */
    public static String fileName(String id) {
        return require(id) + FILE_SUFFIX;
    }

    /** The dataset id in the name of a received file, or null when the name is not one of ours. */
    public static String fromReceivedFileName(String name) {
        if (name == null) {
            return null;
        }
        Matcher m = RECEIVED_NAME.matcher(name);
        return m.matches() ? m.group(1) : null;
    }
}
