package io.camelagents.pilot.driver;

/**
 * Limits for the connections peers open to one bound port. Every peer is a potential attacker, so each limit
 * is enforced by the driver as data arrives, before the application sees anything.
 *
 * @param maxConnections                accepted connections open at once; further ones are closed on arrival
 * @param maxBufferedBytesPerConnection unread bytes one connection may hold before it is failed and closed
 * @param sharedBudget                  unread bytes all connections of this port may hold together (null: no
 *                                      shared bound); the application may reserve from it too, for bytes it
 *                                      took out of a connection but still holds
 */
public record PilotListenOptions(int maxConnections, long maxBufferedBytesPerConnection, ByteBudget sharedBudget) {
    public PilotListenOptions {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (maxBufferedBytesPerConnection < 1024) {
            throw new IllegalArgumentException("maxBufferedBytesPerConnection must be at least 1024, got " + maxBufferedBytesPerConnection);
        }
    }

    /** The driver's defaults: no connection cap beyond the accept queue, the per-connection buffer of the options. */
    static PilotListenOptions defaults(PilotDriverOptions options) {
        return new PilotListenOptions(Integer.MAX_VALUE, options.maxBufferedBytesPerConnection(), null);
    }
}
