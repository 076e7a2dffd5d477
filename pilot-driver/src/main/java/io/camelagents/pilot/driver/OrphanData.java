package io.camelagents.pilot.driver;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data that arrived for a connection id the session does not know yet. The newest daemon handles requests
 * concurrently, so a Recv can overtake the Accept push that announces its connection. Bounded in ids and bytes;
 * the oldest id is evicted first. Used only by the reader thread.
 */
final class OrphanData {
    static final int MAX_IDS = 64;
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private final Map<Long, List<byte[]>> byConnId = new LinkedHashMap<>();
    private long bytes;
    private long discarded;

    void add(long connId, byte[] data) {
        if (data.length > MAX_BYTES) {
            discarded += data.length;
            return;
        }
        while (!byConnId.isEmpty() && (bytes + data.length > MAX_BYTES
                || (!byConnId.containsKey(connId) && byConnId.size() >= MAX_IDS))) {
            evictOldest();
        }
        byConnId.computeIfAbsent(connId, k -> new ArrayList<>()).add(data);
        bytes += data.length;
    }

    List<byte[]> take(long connId) {
        List<byte[]> data = byConnId.remove(connId);
        if (data == null) {
            return List.of();
        }
        for (byte[] d : data) {
            bytes -= d.length;
        }
        return data;
    }

    /** Bytes thrown away because nobody claimed them in time. */
    long discarded() {
        return discarded;
    }

    private void evictOldest() {
        Iterator<Map.Entry<Long, List<byte[]>>> it = byConnId.entrySet().iterator();
        Map.Entry<Long, List<byte[]>> oldest = it.next();
        for (byte[] d : oldest.getValue()) {
            bytes -= d.length;
            discarded += d.length;
        }
        it.remove();
    }
}
