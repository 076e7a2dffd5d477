package io.camelagents.pilot.connect;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reconnect pacing of one party: exponential waits from the initial to the maximum delay, and the time since the
 * party last worked, so it can give up after the reconnect timeout. Not thread-safe: one owner.
 */
final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final long giveUpNanos;
    private final LongSupplier nanoTime;
    private long nextMs;
    private long failingSince = -1;

    Backoff(Duration initial, Duration max, Duration giveUpAfter) {
        this(initial, max, giveUpAfter, System::nanoTime);
    }

    Backoff(Duration initial, Duration max, Duration giveUpAfter, LongSupplier nanoTime) {
        this.initialMs = Math.max(1, initial.toMillis());
        this.maxMs = Math.max(initialMs, max.toMillis());
        this.giveUpNanos = giveUpAfter.toNanos();
        this.nanoTime = nanoTime;
        this.nextMs = initialMs;
    }

    /** The party works again: the next failure starts from the initial delay and a fresh timeout. */
    void succeeded() {
        nextMs = initialMs;
        failingSince = -1;
    }

    /** Records a failure; returns the delay to wait before the next attempt. */
    long failed() {
        if (failingSince < 0) {
            failingSince = nanoTime.getAsLong();
        }
        long delay = nextMs;
        nextMs = Math.min(nextMs * 2, maxMs);
        return delay;
    }

    /** True once the party has been failing for longer than the reconnect timeout. */
    boolean exhausted() {
        return failingSince >= 0 && nanoTime.getAsLong() - failingSince > giveUpNanos;
    }

    /** Milliseconds since the first failure of the current outage (0 when working). */
    long failingForMillis() {
        return failingSince < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - failingSince);
    }
}
