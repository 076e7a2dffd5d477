package io.camelagents.pilot.driver;

/** A trust request waiting for this node's approve or reject. */
public record PendingHandshake(long nodeId, String publicKey, String justification, long receivedAtEpochSeconds) {
}
