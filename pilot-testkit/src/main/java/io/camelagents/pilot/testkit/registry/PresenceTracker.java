package io.camelagents.pilot.testkit.registry;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Knows which nodes currently have a daemon connected. A daemon keeps its registry connections open
 * for its whole life, so "some connection that acted for node N is still open" means N is running;
 * when the process dies its sockets close and the node is offline at once. The real registry only
 * learns this from missing heartbeats minutes later; on a test network we want a restarted daemon
 * with a fresh identity to be able to reclaim its hostname immediately.
 */
final class PresenceTracker {

    private final Map<Long, Set<Long>> nodesByConnection = new HashMap<>();
    private final Map<Long, Integer> connectionsByNode = new HashMap<>();

    /** Records that {@code connectionId} acted (signed requests, register) for {@code nodeId}. */
    synchronized void attach(long connectionId, long nodeId) {
        if (nodesByConnection.computeIfAbsent(connectionId, k -> new HashSet<>()).add(nodeId)) {
            connectionsByNode.merge(nodeId, 1, Integer::sum);
        }
    }

    synchronized void connectionClosed(long connectionId) {
        Set<Long> nodes = nodesByConnection.remove(connectionId);
        if (nodes == null) {
            return;
        }
        for (Long n : nodes) {
            connectionsByNode.computeIfPresent(n, (k, c) -> c <= 1 ? null : c - 1);
        }
    }

    synchronized boolean online(long nodeId) {
        return connectionsByNode.containsKey(nodeId);
    }
}
