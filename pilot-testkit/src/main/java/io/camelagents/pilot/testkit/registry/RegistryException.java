package io.camelagents.pilot.testkit.registry;

/**
 * A request the registry refuses. The message becomes the {@code error} field of the
 * {@code {"type":"error","error":...}} reply, so it should read like the real registry's errors
 * (the daemon matches on phrases such as {@code node not found} to decide to re-register).
 */
final class RegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    RegistryException(String message) {
        super(message);
    }

    static RegistryException nodeNotFound(long nodeId) {
        return new RegistryException("node " + nodeId + ": node not found");
    }
}
