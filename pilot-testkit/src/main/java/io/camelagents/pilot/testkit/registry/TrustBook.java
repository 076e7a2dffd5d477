package io.camelagents.pilot.testkit.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Symmetric trust pairs the daemons report after a completed handshake. The registry consults them
 * to let a node resolve a private peer, and answers {@code check_trust} from them (daemons ask
 * before opening a tunnel to a private node).
 */
final class TrustBook {

    private final Set<Pair> pairs = new TreeSet<>();

    /** Unordered node pair, stored with the smaller id first. */
    record Pair(long low, long high) implements Comparable<Pair> {

        static Pair of(long a, long b) {
            return a <= b ? new Pair(a, b) : new Pair(b, a);
        }

        @Override
        public int compareTo(Pair o) {
            return low != o.low ? Long.compare(low, o.low) : Long.compare(high, o.high);
        }
    }

    synchronized boolean add(long a, long b) {
        return pairs.add(Pair.of(a, b));
    }

    synchronized boolean remove(long a, long b) {
        return pairs.remove(Pair.of(a, b));
    }

    synchronized boolean trusted(long a, long b) {
        return pairs.contains(Pair.of(a, b));
    }

    synchronized List<Pair> snapshot() {
        return new ArrayList<>(pairs);
    }

    synchronized void restore(List<Pair> restored) {
        pairs.addAll(restored);
    }
}
