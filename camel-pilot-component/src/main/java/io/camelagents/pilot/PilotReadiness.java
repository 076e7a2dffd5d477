package io.camelagents.pilot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;

/**
 * Waiting until {@code pilot:} consumers can receive, for applications, demos and tests that must not act before.
 * <p>
 * A {@code pilot:} consumer starts serving asynchronously (after the CamelContext has fully started) and serves
 * again by itself after a daemon restart. {@link #awaitConsumers} and {@link #awaitConsumer} wait until the
 * consumer reports that it serves: {@code pilot:events} has written its subscription to the broker;
 * {@code pilot:task}, {@code pilot:stream}, {@code pilot:datagram} and {@code pilot:data} have bound their port.
 * This is the same state the consumer's readiness health check ({@code pilot-consumer-*}) reports as UP.
 * <pre>
 *   context.start();
 *   PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
 * </pre>
 * <b>A subscription is not acknowledged.</b> Pilot's event broker answers nothing when it registers a
 * subscription, so "serving" means the subscribe frame was sent, not that the broker (possibly on another node)
 * has processed it: an event published a moment later can still be missed, and events are never replayed. When
 * the first events matter, confirm the subscription end to end with {@link #confirmSubscription}: publish a probe
 * event until one comes out at the other end. Events published after that arrive as long as the subscription
 * lasts (a daemon restart ends it; confirm again after one).
 */
public final class PilotReadiness {
    /** How often the consumers' state is looked at while waiting. */
    private static final long POLL_MILLIS = 50;

    private PilotReadiness() {
    }

    /**
     * Waits until every {@code pilot:} consumer of a started route serves. Routes that are not started (for
     * example {@code autoStartup=false}, stopped or suspended) are not waited for.
     *
     * @throws IllegalStateException naming each route that is not serving, with its state and last error, when
     *                               the timeout passes first
     */
    public static void awaitConsumers(CamelContext context, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> notServing = notServing(context);
        while (!notServing.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("pilot consumers not serving after " + timeout.toMillis() + " ms: " + notServing);
            }
            Thread.sleep(POLL_MILLIS);
            notServing = notServing(context);
        }
    }

    /**
     * Waits until the {@code pilot:} consumer of route {@code routeId} serves.
     *
     * @throws IllegalArgumentException when there is no such route or its consumer is not a {@code pilot:} consumer
     * @throws IllegalStateException    naming the route, its state and last error, when the timeout passes first
     */
    public static void awaitConsumer(CamelContext context, String routeId, Duration timeout) throws InterruptedException {
        Route route = context.getRoute(routeId);
        if (route == null) {
            throw new IllegalArgumentException("no route " + routeId + " in " + context.getName());
        }
        if (!(route.getConsumer() instanceof PilotConsumerSupport consumer)) {
            throw new IllegalArgumentException("route " + routeId + " does not start with a pilot: consumer but with "
                    + route.getEndpoint().getEndpointUri());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.state() != PilotReconnectLoop.State.SERVING) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("pilot consumer of route " + routeId + " not serving after " + timeout.toMillis()
                        + " ms: " + describe(consumer));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Confirms a subscription end to end: calls {@code publishProbe} (which should publish one probe event the
     * subscriber will see), then checks {@code probeSeen}, every {@code 200 ms} until {@code probeSeen} is true.
     * Because Pilot keeps no events and acknowledges no subscription, this is the only way to know that events
     * published from now on reach the subscriber. Several probes may arrive; the subscriber's side should tell
     * them apart from real events (by topic or payload).
     *
     * @throws IllegalStateException when no probe was seen within the timeout
     */
    public static void confirmSubscription(Runnable publishProbe, BooleanSupplier probeSeen, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int probes = 0;
        while (!probeSeen.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no probe event reached the subscriber within " + timeout.toMillis() + " ms ("
                        + probes + " published)");
            }
            publishProbe.run();
            probes++;
            Thread.sleep(200);
        }
    }

    /** Route id to state (and last error) of each started route whose pilot: consumer does not serve. */
    private static Map<String, String> notServing(CamelContext context) {
        Map<String, String> notServing = new LinkedHashMap<>();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof PilotConsumerSupport consumer && isStarted(context, route)
                    && consumer.state() != PilotReconnectLoop.State.SERVING) {
                notServing.put(route.getRouteId(), describe(consumer));
            }
        }
        return notServing;
    }

    private static boolean isStarted(CamelContext context, Route route) {
        ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
        return status != null && (status.isStarted() || status.isStarting());
    }

    /** The consumer, its state and, when its readiness check has one, the reason it is down. */
    private static String describe(PilotConsumerSupport consumer) {
        String text = consumer.describe() + " " + consumer.state();
        HealthCheck check = consumer.getHealthCheck();
        if (check != null) {
            HealthCheck.Result result = check.call();
            if (result.getState() != HealthCheck.State.UP && result.getMessage().isPresent()) {
                text = result.getMessage().get();
            }
        }
        return text;
    }
}
