package io.camelagents.examples;

import java.time.Duration;
import java.util.Collection;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * Waits until the pilot: consumers are subscribed and bound, using their readiness health checks (the same
 * checks a Kubernetes readiness probe would read).
 */
public final class Readiness {
    private Readiness() {
    }

    public static void awaitPilotConsumers(CamelContext context, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Collection<HealthCheck.Result> results = java.util.List.of();
        while (System.nanoTime() < deadline) {
            results = HealthCheckHelper.invokeReadiness(context);
            boolean ready = results.stream()
                    .filter(r -> r.getCheck().getId().startsWith("consumer:"))
                    .allMatch(r -> r.getState() == HealthCheck.State.UP);
            if (ready) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("consumers not ready within " + timeout + ": " + results.stream()
                .filter(r -> r.getState() != HealthCheck.State.UP)
                .map(r -> r.getCheck().getId() + " " + r.getState() + " " + r.getMessage().orElse("")).toList());
    }
}
