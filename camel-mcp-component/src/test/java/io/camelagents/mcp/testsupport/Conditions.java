package io.camelagents.mcp.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for a condition instead of sleeping a fixed time: polls until it holds, fails with a description of the
 * state when the (generous) deadline passes.
 */
public final class Conditions {

    private Conditions() {
    }

    public static void await(Duration atMost, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + atMost.toSeconds() + " s: " + state.get());
            }
            Thread.sleep(20);
        }
    }
}
