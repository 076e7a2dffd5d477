package io.camelagents.pilot;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Caps how many log lines something a peer controls can cost: the first occurrence is logged, later ones at most
 * once per interval, each logged one telling how many were left unlogged since the previous. A hostile peer
 * repeating a bad message cannot flood the log.
 */
final class PilotLogThrottle {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private boolean loggedAny;
    private long lastLogged;
    private long unlogged;

    PilotLogThrottle(long intervalMillis) {
        this(intervalMillis, System::nanoTime);
    }

    PilotLogThrottle(long intervalMillis, LongSupplier nanoTime) {
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.nanoTime = nanoTime;
    }

    /** Returns -1 when this occurrence must not be logged; else log it: the result is how many were not logged before it. */
    synchronized long admit() {
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
}
