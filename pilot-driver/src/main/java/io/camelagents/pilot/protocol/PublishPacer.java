package io.camelagents.pilot.protocol;

import java.util.concurrent.TimeUnit;

/**
 * Spaces publishes on one broker connection evenly at a rate per second: the newest broker silently drops
 * publishes beyond 100 per second per connection, so going faster only loses events. Not thread-safe: one owner.
 */
public final class PublishPacer {
    private final long intervalNanos;
    private long nextSlot;
    private boolean started;

    /** {@code perSecond} 0 disables pacing. */
    public PublishPacer(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perSecond;
    }

    /**
     * Waits for the next slot (no wait when the caller is behind: slots are not saved up beyond now); returns the
     * nanoseconds it slept (0 without a wait).
     */
    public long await() throws InterruptedException {
        if (intervalNanos == 0) {
            return 0;
        }
        long now = System.nanoTime();
        long waited = 0;
        if (started && nextSlot - now > 0) { // nanoTime values are compared by difference only
            TimeUnit.NANOSECONDS.sleep(nextSlot - now);
            long woke = System.nanoTime();
            waited = woke - now;
            now = nextSlot;
        }
        started = true;
        nextSlot = now + intervalNanos;
        return waited;
    }
}
