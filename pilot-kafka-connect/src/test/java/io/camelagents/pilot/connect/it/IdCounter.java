package io.camelagents.pilot.connect.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts payload ids as they arrive; duplicates are counted, never hidden. Thread-safe. */
final class IdCounter {
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    void add(String id) {
        seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
    }

    int total() {
        return total.get();
    }

    int distinct() {
        return seen.size();
    }

    int duplicates() {
        return total.get() - seen.size();
    }

    boolean contains(String id) {
        return seen.containsKey(id);
    }

    /** Distinct ids with the prefix. */
    int distinct(String prefix) {
        return (int) seen.keySet().stream().filter(id -> id.startsWith(prefix)).count();
    }

    /** Arrivals (with repeats) of ids with the prefix. */
    int total(String prefix) {
        return seen.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().get()).sum();
    }

    /** Repeated arrivals of ids with the prefix. */
    int duplicates(String prefix) {
        return total(prefix) - distinct(prefix);
    }

    /** {@code prefix + i} for i in [0, count) that never arrived. */
    List<String> missing(String prefix, int count) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!seen.containsKey(prefix + i)) {
                missing.add(prefix + i);
            }
        }
        return missing;
    }

    /** Ids that arrived more than once, with their counts (for the report). */
    Map<String, Integer> repeated(String prefix) {
        Map<String, Integer> r = new java.util.TreeMap<>();
        seen.forEach((id, n) -> {
            if (n.get() > 1 && id.startsWith(prefix)) {
                r.put(id, n.get());
            }
        });
        return r;
    }

    @Override
    public String toString() {
        return total.get() + " received, " + seen.size() + " distinct, " + duplicates() + " duplicates";
    }
}
