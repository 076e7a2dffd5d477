package io.camelagents.pilot;

/** Operations of {@code pilot:admin}. */
public enum PilotAdminOperation {
    info, health, resolve, handshake, approve, reject, pending, trusted, revoke, waitForTrust,
    setHostname, setVisibility, setTags, setWebhook, deregister
}
