package io.camelagents.pilot;

import java.time.Duration;

import org.apache.camel.CamelContext;

/**
 * Left only for {@code LegacyTaskInteropTest}, which another branch owns: it forwards to
 * {@link PilotReadiness#awaitConsumers}. Delete it once that test calls {@link PilotReadiness} itself.
 */
final class PilotConsumers {
    private PilotConsumers() {
    }

    static void awaitServing(CamelContext context, Duration timeout) throws InterruptedException {
        PilotReadiness.awaitConsumers(context, timeout);
    }
}
