package io.camelagents.pilot.testkit.registry;

import io.camelagents.pilot.driver.PilotAddress;
import java.time.Instant;
import java.util.List;

/**
 * What the registry knows about one node. Mutable, guarded by the owning {@link NodeDirectory}'s
 * lock; everything handed out of the directory is a copy.
 */
final class NodeRecord {

    final long nodeId;
    final String publicKey;
    final byte[] rawPublicKey;
    String owner = "";
    /** UDP tunnel endpoint peers dial ({@code host:port}), as registered. */
    String realAddr = "";
    String hostname = "";
    boolean isPublic;
    List<String> tags = List.of();
    /** Flagged as a task executor ({@code pilotctl enable-tasks}, older daemons). */
    boolean taskExec;
    /** Reputation older daemons compare before accepting a task (submitter must not be below the receiver). */
    int poloScore;
    String version = "";
    final Instant createdAt;
    Instant lastSeen;

    NodeRecord(long nodeId, String publicKey, byte[] rawPublicKey, Instant createdAt) {
        this.nodeId = nodeId;
        this.publicKey = publicKey;
        this.rawPublicKey = rawPublicKey.clone();
        this.createdAt = createdAt;
        this.lastSeen = createdAt;
    }

    NodeRecord copy() {
        NodeRecord c = new NodeRecord(nodeId, publicKey, rawPublicKey, createdAt);
        c.owner = owner;
        c.realAddr = realAddr;
        c.hostname = hostname;
        c.isPublic = isPublic;
        c.tags = tags;
        c.taskExec = taskExec;
        c.poloScore = poloScore;
        c.version = version;
        c.lastSeen = lastSeen;
        return c;
    }

    String address() {
        return PilotAddress.ofNode(nodeId).toString();
    }
}
