package io.camelagents.examples;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * Turns on Camel's health checks for the examples, so the pilot: consumers' readiness checks
 * ({@code pilot-consumer-*}) are reported as they would be under camel-main. To wait until the consumers serve,
 * use {@link io.camelagents.pilot.PilotReadiness}.
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
}
