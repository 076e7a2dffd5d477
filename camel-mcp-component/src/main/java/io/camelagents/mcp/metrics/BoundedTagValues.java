package io.camelagents.mcp.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the distinct values of one meter tag: peers choose topics (and tool names reach us from messages), and every
 * distinct tag value is a time series kept for the life of the registry. The first {@code max} values are kept as
 * they are; later new values are reported as {@link #OTHER}. Free of Micrometer types.
 */
public final class BoundedTagValues {
    public static final String OTHER = "other";

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    public BoundedTagValues(int max) {
        this.max = max;
    }

    /** The tag value to record {@code value} under: itself while there is room (or it was admitted before), else {@link #OTHER}. */
    public String of(String value) {
        String v = value == null || value.isEmpty() ? "none" : value;
        if (admitted.contains(v)) {
            return v;
        }
        synchronized (admitted) { // the size check and the add together, so the cap holds under concurrency
            if (admitted.size() < max) {
                admitted.add(v);
                return v;
            }
        }
        return admitted.contains(v) ? v : OTHER;
    }

    /** Distinct values admitted so far (at most max). */
    public int size() {
        return admitted.size();
    }
}
