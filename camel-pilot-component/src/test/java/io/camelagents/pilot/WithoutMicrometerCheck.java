package io.camelagents.pilot;

import java.time.Duration;

import io.camelagents.pilot.metrics.PilotMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs inside {@link WithoutMicrometerTest}'s class loader, which has no Micrometer: a pilot:events route and
 * producer against a real daemon. Returns what it saw, for the test to check.
 */
public final class WithoutMicrometerCheck {
    private WithoutMicrometerCheck() {
    }

    public static String run(String socketPath) throws Exception {
        CamelContext context = new DefaultCamelContext();
        PilotComponent pilot = context.getComponent("pilot", PilotComponent.class);
        pilot.getConfiguration().setSocketPath(socketPath);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=nomicrometer.*").routeId("events").to("mock:events");
            }
        });
        context.start();
        try {
            ProducerTemplate template = context.createProducerTemplate();
            MockEndpoint events = context.getEndpoint("mock:events", MockEndpoint.class);
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader("pilot:events", "probe",
                    PilotConstants.TOPIC, "nomicrometer.probe"), () -> events.getReceivedCounter() > 0, Duration.ofSeconds(60));
            return "metrics=" + (pilot.metrics() == PilotMetrics.NONE ? "NONE" : pilot.metrics().getClass().getName())
                    + " received=" + (events.getReceivedCounter() > 0);
        } finally {
            context.stop();
        }
    }
}
