package io.camelagents.pilot.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.function.Executable;

/**
 * Bytes the calling thread allocates while running some code (HotSpot's per-thread allocation counter), to check
 * that a codec refuses an announced length before it allocates a buffer of that size.
 */
final class ThreadAllocation {
    private ThreadAllocation() {
    }

    /** Runs {@code code} once to load its classes, then again while counting; returns the bytes of the second run. */
    static long measure(Executable code) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes per thread");
        runIgnoringFailure(code);
        long before = threads.getCurrentThreadAllocatedBytes();
        runIgnoringFailure(code);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static void runIgnoringFailure(Executable code) {
        try {
            code.execute();
        } catch (Throwable expected) {
            // the refusal itself is asserted by the caller
        }
    }
}
