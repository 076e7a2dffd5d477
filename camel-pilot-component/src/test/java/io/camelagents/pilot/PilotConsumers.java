package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/** Test helper: waits until pilot: consumers are subscribed or bound (their reconnect loop reports SERVING). */
final class PilotConsumers {
    private PilotConsumers() {
    }

    /** Every pilot: consumer of the context. */
    static void awaitServing(CamelContext context, Duration timeout) throws InterruptedException {
        for (Route r : context.getRoutes()) {
            if (r.getConsumer() instanceof PilotConsumerSupport consumer) {
                awaitServing(consumer, timeout);
            }
        }
    }

    static void awaitServing(CamelContext context, String routeId, Duration timeout) throws InterruptedException {
        awaitServing((PilotConsumerSupport) context.getRoute(routeId).getConsumer(), timeout);
    }

    static void awaitServing(PilotConsumerSupport consumer, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.state() != PilotReconnectLoop.State.SERVING) {
            assertTrue(System.nanoTime() < deadline, consumer.describe() + " not serving within " + timeout + ": " + consumer.state());
            Thread.sleep(50);
        }
    }
}
