package io.camelagents.pilot;

/** What a {@code pilot:} endpoint talks to: the first part of the URI path. */
public enum PilotKind {
    /** Event stream (port 1002): pub/sub through a node's broker. */
    events,
    /** Task submit (port 1003): run the route for peers' tasks, or submit tasks to a peer. */
    task,
    /** Data exchange (port 1001): typed messages and files. */
    data,
    /** Raw reliable streams on a port of your choice. */
    stream,
    /** Raw datagrams on a port of your choice. */
    datagram,
    /** Node and trust management (producer only). */
    admin
}
