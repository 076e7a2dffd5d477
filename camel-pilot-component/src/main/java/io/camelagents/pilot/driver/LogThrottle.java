package io.camelagents.pilot.driver;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval and counts the ones it held back, so that a hostile peer repeating a
 * bad request cannot flood the log, while the first occurrence and the volume stay visible.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong heldBack = new AtomicLong();

    public LogThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Call once per occurrence: -1 means do not log this one; otherwise log it and mention the returned number of
     * occurrences held back since the last logged one (0 for none).
     */
    public long admit() {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return heldBack.getAndSet(0);
        }
        heldBack.incrementAndGet();
        return -1;
    }

    /** Text to append to a logged line for the occurrences held back, e.g. " (and 12 more since the last report)". */
    public static String more(long heldBack) {
        return heldBack > 0 ? " (and " + heldBack + " more since the last report)" : "";
    }
}
