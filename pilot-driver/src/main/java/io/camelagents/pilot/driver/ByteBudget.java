package io.camelagents.pilot.driver;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte allowance shared by several holders, e.g. every connection a listener accepted: what peers sent and the
 * application has not consumed yet. Reservations that would exceed the limit fail instead of waiting, because the
 * bytes come from peers that must not be able to make us block or grow without bound.
 */
public final class ByteBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public ByteBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a byte budget must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /** Reserves {@code bytes} if they fit; false (and nothing reserved) otherwise. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }

    public long available() {
        return Math.max(0, limit - used.get());
    }

    @Override
    public String toString() {
        return used.get() + " of " + limit + " bytes";
    }
}
