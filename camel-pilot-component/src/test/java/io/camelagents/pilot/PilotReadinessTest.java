package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PilotReadiness} without a daemon: a consumer whose socket does not exist can never serve, so waiting for
 * it must end with an error that names it. Serving consumers are covered by the integration tests.
 */
class PilotReadinessTest {
    @TempDir
    Path dir;

    private CamelContext contextWithoutDaemon() throws Exception {
        CamelContext context = new DefaultCamelContext();
        String socket = dir.resolve("no-daemon.sock").toString();
        context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(1000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=alerts&socketPath=" + socket).routeId("alerts-in").to("mock:alerts");
                from("pilot:task?socketPath=" + socket).routeId("never-started").autoStartup(false).to("mock:tasks");
                from("direct:not-pilot").routeId("plain").to("mock:plain");
            }
        });
        context.start();
        return context;
    }

    @Test
    void aConsumerThatCannotServeIsNamedWithItsStateAndError() throws Exception {
        try (CamelContext context = contextWithoutDaemon()) {
            IllegalStateException all = assertThrows(IllegalStateException.class,
                    () -> PilotReadiness.awaitConsumers(context, Duration.ofMillis(500)));
            assertTrue(all.getMessage().contains("alerts-in"), all.getMessage());
            assertTrue(all.getMessage().contains("no-daemon.sock"), "the cause is named: " + all.getMessage());
            assertTrue(!all.getMessage().contains("never-started") && !all.getMessage().contains("plain"),
                    "routes that are not started or not pilot: are not waited for: " + all.getMessage());

            IllegalStateException one = assertThrows(IllegalStateException.class,
                    () -> PilotReadiness.awaitConsumer(context, "alerts-in", Duration.ofMillis(500)));
            assertTrue(one.getMessage().contains("alerts-in"), one.getMessage());
        }
    }

    @Test
    void onlyPilotConsumerRoutesCanBeAwaited() throws Exception {
        try (CamelContext context = contextWithoutDaemon()) {
            assertThrows(IllegalArgumentException.class, () -> PilotReadiness.awaitConsumer(context, "plain", Duration.ofSeconds(1)));
            assertThrows(IllegalArgumentException.class, () -> PilotReadiness.awaitConsumer(context, "no-such-route", Duration.ofSeconds(1)));
        }
    }

    @Test
    void noPilotConsumerMeansNothingToWaitFor() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ZERO);
        }
    }

    @Test
    void confirmSubscriptionPublishesProbesUntilOneIsSeen() throws Exception {
        AtomicInteger published = new AtomicInteger();
        PilotReadiness.confirmSubscription(published::incrementAndGet, () -> published.get() >= 3, Duration.ofSeconds(60));
        assertEquals(3, published.get(), "stops publishing once a probe was seen");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PilotReadiness.confirmSubscription(() -> { }, () -> false, Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("no probe event"), e.getMessage());
    }
}
