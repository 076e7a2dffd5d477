package io.camelagents.pilot.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofMillis(3000), Duration.ofSeconds(10), now::get);

    @Test
    void delaysDoubleUpToTheMaximum() {
        assertEquals(500, backoff.failed());
        assertEquals(1000, backoff.failed());
        assertEquals(2000, backoff.failed());
        assertEquals(3000, backoff.failed());
        assertEquals(3000, backoff.failed());
        backoff.succeeded();
        assertEquals(500, backoff.failed());
    }

    @Test
    void givesUpOnlyAfterFailingForTheTimeout() {
        assertFalse(backoff.exhausted());
        backoff.failed();
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertFalse(backoff.exhausted());
        now.addAndGet(1);
        assertTrue(backoff.exhausted());
        assertEquals(10_000, backoff.failingForMillis());
        backoff.succeeded();
        assertFalse(backoff.exhausted());
        assertEquals(0, backoff.failingForMillis());
    }
}
