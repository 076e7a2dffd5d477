package io.camelagents.pilot.driver;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Caps how many log lines something a peer controls can cost: the first occurrence is logged, later ones at most
 * once per interval, each logged one telling how many were left unlogged since the previous. A hostile peer
 * repeating a bad request cannot flood the log, while the first occurrence and the volume stay visible.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private boolean loggedAny;
    private long lastLogged;
    private long unlogged;

    public LogThrottle(Duration interval) {
        this(interval, System::nanoTime);
    }

    /** With a clock of its own, for tests. */
    public LogThrottle(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Returns -1 when this occurrence must not be logged; else log it: the result is how many were not logged before it. */
    public synchronized long admit() {
        long now = nanoTime.getAsLong();
        if (loggedAny && now - lastLogged < intervalNanos) {
            unlogged++;
            return -1;
        }
        loggedAny = true;
        lastLogged = now;
        long skipped = unlogged;
        unlogged = 0;
        return skipped;
    }

    /** Text to append to a logged line for the occurrences held back, e.g. " (and 12 more since the last report)". */
    public static String more(long heldBack) {
        return heldBack > 0 ? " (and " + heldBack + " more since the last report)" : "";
    }
}
