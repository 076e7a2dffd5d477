package io.camelagents.pilot;

/** How messages are cut out of a raw {@code pilot:stream} byte stream. */
public enum PilotStreamFraming {
    /** Each message is a u32 big-endian length + bytes; request-reply works on one connection. */
    length,
    /** Every chunk that arrives is one message; no replies. */
    raw
}
