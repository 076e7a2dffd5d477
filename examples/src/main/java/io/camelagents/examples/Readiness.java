package io.camelagents.examples;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelagents.pilot.PilotEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * Waits until every pilot: consumer is subscribed or bound, by asking each consumer's readiness health check
 * (the same check Camel's health endpoint and a Kubernetes readiness probe read).
 */
public final class Readiness {
    private Readiness() {
    }

    /**
     * Turns on Camel's health checks with the consumers repository, as {@code camel.health.enabled=true} does under
     * camel-main. Call before the context starts.
     */
    public static void enableHealthChecks(CamelContext context) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            throw new IllegalStateException("no health-check registry: camel-health must be on the classpath");
        }
        registry.setEnabled(true);
        Object consumers = registry.resolveById("consumers");
        if (consumers != null) {
            registry.register(consumers);
        }
    }

    public static void awaitPilotConsumers(CamelContext context, Duration timeout) throws InterruptedException {
        List<Route> pilotRoutes = context.getRoutes().stream().filter(r -> r.getEndpoint() instanceof PilotEndpoint).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, HealthCheck.State> states = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            states.clear();
            for (Route r : pilotRoutes) {
                HealthCheck check = r.getConsumer() instanceof HealthCheckAware aware ? aware.getHealthCheck() : null;
                if (check == null) {
                    throw new IllegalStateException("route " + r.getRouteId() + " has no consumer health check"
                            + " (camel.component.pilot.health-check-consumer-enabled=false?)");
                }
                states.put(r.getRouteId(), check.call().getState());
            }
            if (states.values().stream().allMatch(s -> s == HealthCheck.State.UP)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("pilot consumers not ready within " + timeout + ": " + states);
    }
}
