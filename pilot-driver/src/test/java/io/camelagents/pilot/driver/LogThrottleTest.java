package io.camelagents.pilot.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LogThrottleTest {

    @Test
    void firstIsLoggedThenAtMostOnePerIntervalWithTheCountInBetween() {
        AtomicLong now = new AtomicLong(12345);
        LogThrottle throttle = new LogThrottle(java.time.Duration.ofSeconds(10), now::get);
        assertEquals(0, throttle.admit(), "the first is logged");
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(5));
            assertEquals(-1, throttle.admit(), "within the interval nothing is logged");
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertEquals(1000, throttle.admit(), "the next one after the interval reports the unlogged ones");
        assertEquals(-1, throttle.admit());
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertEquals(1, throttle.admit());
    }
}
