package io.camelagents.pilot.testkit.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node table: node ids keyed by public key (so a daemon restarted with the same identity file
 * gets its old id back), hostnames, visibility and tags. A handful of nodes is the target, so one
 * monitor guards everything; callers only ever see copies of {@link NodeRecord}s.
 */
final class NodeDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(NodeDirectory.class);

    private static final Pattern HOSTNAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Pattern TAG = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$");
    private static final List<String> RESERVED_HOSTNAMES = List.of("localhost", "backbone", "broadcast");
    private static final int MAX_TAGS = 10;

    private final Clock clock;
    private final PresenceTracker presence;
    private final Map<Long, NodeRecord> byId = new TreeMap<>();
    private final Map<String, Long> byPublicKey = new HashMap<>();
    private final Map<String, Long> byHostname = new HashMap<>();
    private long nextNodeId = 1;

    NodeDirectory(Clock clock, PresenceTracker presence) {
        this.clock = clock;
        this.presence = presence;
    }

    /** Outcome of a register: the node plus a hostname problem the reply should carry, if any. */
    record Registration(NodeRecord node, boolean newNode, String hostnameError) {
    }

    synchronized Registration register(String publicKey, byte[] rawKey, String owner, String realAddr,
                                       String version, String hostname) {
        Long known = byPublicKey.get(publicKey);
        NodeRecord node = known == null ? null : byId.get(known);
        boolean created = node == null;
        if (created) {
            // A deregistered key reclaims its old id; only a never-seen key takes a fresh one.
            long id = known != null ? known : nextNodeId++;
            node = new NodeRecord(id, publicKey, rawKey, clock.instant());
            byId.put(id, node);
            byPublicKey.put(publicKey, id);
        }
        node.realAddr = realAddr;
        node.lastSeen = clock.instant();
        if (!version.isEmpty()) {
            node.version = version;
        }
        if (!owner.isEmpty() && node.owner.isEmpty()) {
            node.owner = owner;
        }
        String hostnameError = null;
        if (!hostname.isEmpty()) {
            try {
                assignHostname(node, hostname);
            } catch (RegistryException e) {
                // The real registry still registers the node and reports the hostname problem aside.
                hostnameError = e.getMessage();
            }
        }
        return new Registration(node.copy(), created, hostnameError);
    }

    synchronized NodeRecord find(long nodeId) {
        NodeRecord n = byId.get(nodeId);
        return n == null ? null : n.copy();
    }

    NodeRecord require(long nodeId) throws RegistryException {
        NodeRecord n = find(nodeId);
        if (n == null) {
            throw RegistryException.nodeNotFound(nodeId);
        }
        return n;
    }

    synchronized NodeRecord findByHostname(String hostname) {
        Long id = byHostname.get(hostname);
        return id == null ? null : byId.get(id).copy();
    }

    synchronized void touch(long nodeId) throws RegistryException {
        live(nodeId).lastSeen = clock.instant();
    }

    synchronized void setVisibility(long nodeId, boolean isPublic) throws RegistryException {
        live(nodeId).isPublic = isPublic;
    }

    synchronized void setHostname(long nodeId, String hostname) throws RegistryException {
        NodeRecord node = live(nodeId);
        if (hostname.isEmpty()) {
            byHostname.remove(node.hostname);
            node.hostname = "";
            return;
        }
        assignHostname(node, hostname);
    }

    synchronized void setTaskExec(long nodeId, boolean enabled) throws RegistryException {
        live(nodeId).taskExec = enabled;
    }

    synchronized int poloScore(long nodeId) throws RegistryException {
        return live(nodeId).poloScore;
    }

    synchronized int changePoloScore(long nodeId, int delta, boolean absolute) throws RegistryException {
        NodeRecord n = live(nodeId);
        n.poloScore = absolute ? delta : n.poloScore + delta;
        return n.poloScore;
    }

    /** Validates like the real registry: strip a leading '#', de-duplicate, max 10, [a-z0-9-]. */
    synchronized List<String> setTags(long nodeId, List<String> requested) throws RegistryException {
        NodeRecord node = live(nodeId);
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        for (String t : requested) {
            tags.add(t.startsWith("#") ? t.substring(1) : t);
        }
        if (tags.size() > MAX_TAGS) {
            throw new RegistryException("too many tags (max " + MAX_TAGS + ")");
        }
        for (String t : tags) {
            if (t.isEmpty()) {
                throw new RegistryException("empty tag not allowed");
            }
            if (t.length() > 32) {
                throw new RegistryException("tag \"" + t + "\" too long (max 32 chars)");
            }
            if (!TAG.matcher(t).matches()) {
                throw new RegistryException("tag \"" + t + "\" must be lowercase alphanumeric with hyphens");
            }
        }
        node.tags = List.copyOf(tags);
        return node.tags;
    }

    /**
     * Removes the node. Its id stays bound to its public key so a later register with the same
     * identity gets the same id back (what tests restarting daemons expect).
     */
    synchronized boolean deregister(long nodeId) {
        NodeRecord node = byId.remove(nodeId);
        if (node == null) {
            return false;
        }
        byHostname.remove(node.hostname);
        return true;
    }

    synchronized List<NodeRecord> snapshot() {
        List<NodeRecord> out = new ArrayList<>(byId.size());
        for (NodeRecord n : byId.values()) {
            out.add(n.copy());
        }
        return out;
    }

    synchronized long nextNodeId() {
        return nextNodeId;
    }

    /** Reloads persisted nodes (before serving); {@code next} never goes below what is used. */
    synchronized void restore(List<NodeRecord> nodes, long next) {
        long max = 0;
        for (NodeRecord n : nodes) {
            byId.put(n.nodeId, n.copy());
            byPublicKey.put(n.publicKey, n.nodeId);
            if (!n.hostname.isEmpty()) {
                byHostname.put(n.hostname, n.nodeId);
            }
            max = Math.max(max, n.nodeId);
        }
        nextNodeId = Math.max(Math.max(next, max + 1), nextNodeId);
    }

    synchronized int size() {
        return byId.size();
    }

    private NodeRecord live(long nodeId) throws RegistryException {
        NodeRecord n = byId.get(nodeId);
        if (n == null) {
            throw RegistryException.nodeNotFound(nodeId);
        }
        return n;
    }

    private void assignHostname(NodeRecord node, String hostname) throws RegistryException {
        validateHostname(hostname);
        Long owner = byHostname.get(hostname);
        if (owner != null && owner != node.nodeId) {
            if (presence.online(owner)) {
                throw new RegistryException("hostname \"" + hostname + "\" already in use by node " + owner);
            }
            // The holder's daemon is gone (no open connection): let the new node have the name.
            NodeRecord previous = byId.get(owner);
            if (previous != null) {
                previous.hostname = "";
            }
            LOG.info("hostname '{}' moves from offline node {} to node {}", hostname, owner, node.nodeId);
        }
        byHostname.remove(node.hostname);
        node.hostname = hostname;
        byHostname.put(hostname, node.nodeId);
    }

    private static void validateHostname(String hostname) throws RegistryException {
        if (hostname.length() > 63) {
            throw new RegistryException("invalid hostname: hostname too long (max 63 chars)");
        }
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw new RegistryException(
                    "invalid hostname: must be lowercase alphanumeric with hyphens, start/end with alphanumeric");
        }
        if (RESERVED_HOSTNAMES.contains(hostname)) {
            throw new RegistryException("invalid hostname: \"" + hostname + "\" is reserved");
        }
    }
}
