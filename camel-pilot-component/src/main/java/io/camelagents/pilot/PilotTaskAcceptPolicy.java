package io.camelagents.pilot;

/** Whose tasks a {@code pilot:task} consumer accepts. */
public enum PilotTaskAcceptPolicy {
    /** Only nodes in the daemon's trusted list (mutual handshake or approval). */
    trusted,
    /** Any node that can reach this one. */
    any
}
