package io.camelagents.pilot.driver;

/** One entry of the daemon's trusted list. */
public record TrustedPeer(long nodeId, String publicKey, boolean mutual, long network, String approvedAt) {
}
