package io.camelagents.pilot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Consumers keep working across a daemon restart without restarting their routes. */
@PilotNetwork(nodes = 2, hostnamePrefix = "rs")
class PilotDaemonRestartTest {

    @Test
    void subscriptionAndTaskServiceSurviveDaemonRestarts(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        CamelContext context = new DefaultCamelContext();
        PilotComponent pilot = context.getComponent("pilot", PilotComponent.class);
        pilot.getConfiguration().setReconnectInitialDelay(200);
        pilot.getConfiguration().setReconnectMaxDelay(1000);
        pilot.getConfiguration().setShutdownTimeout(5000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // A subscribes at B's broker; B executes tasks
                from("pilot:events?topic=status.*&broker=" + b.address() + "&socketPath=" + a.socketPath()).routeId("events")
                        .convertBodyTo(String.class).to("mock:events");
                from("pilot:task?socketPath=" + b.socketPath()).routeId("tasks").setBody(simple("ok:${body}"));
            }
        });
        context.start();
        try {
            ProducerTemplate template = context.createProducerTemplate();
            MockEndpoint events = context.getEndpoint("mock:events", MockEndpoint.class);
            PilotReadiness.awaitConsumer(context, "events", Duration.ofSeconds(60));
            publishUntilReceived(b, "status.before", events);

            // 1. the subscriber's own daemon restarts
            a.restart(Duration.ofSeconds(30));
            events.reset();
            publishUntilReceived(b, "status.after-subscriber-restart", events);
            assertTrue(context.getRouteController().getRouteStatus("events").isStarted(), "route never restarted");

            // 2. the broker's daemon (also the task executor's) restarts
            b.restart(Duration.ofSeconds(30));
            events.reset();
            publishUntilReceived(b, "status.after-broker-restart", events);

            // B's task service binds again after its reconnect backoff; A may need a moment to reach restarted B
            PilotReadiness.awaitConsumer(context, "tasks", Duration.ofSeconds(60));
            String submit = "pilot:task?peer=" + b.address() + "&socketPath=" + a.socketPath();
            await("a task executed by restarted B").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertEquals("ok:again", template.requestBody(submit, "again", String.class)));
        } finally {
            context.stop();
        }
    }

    /**
     * Publishes with the real CLI until the subscriber route got one: after a restart nothing tells when the
     * subscription is back at the broker, and events published before that are gone (Pilot keeps nothing).
     */
    private static void publishUntilReceived(PilotNode publisher, String topic, MockEndpoint events) throws Exception {
        PilotReadiness.confirmSubscription(() -> publisher.pilotctl("publish", publisher.address(), topic, "--data", topic),
                () -> events.getReceivedCounter() > 0, Duration.ofSeconds(90));
        assertEquals(topic, events.getExchanges().get(0).getIn().getHeader(PilotConstants.TOPIC));
    }
}
