package io.camelagents.pilot;

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
            PilotConsumerSupport eventsConsumer = (PilotConsumerSupport) context.getRoute("events").getConsumer();
            PilotConsumers.awaitServing(eventsConsumer, Duration.ofSeconds(60));
            events.expectedMinimumMessageCount(1);
            publishUntilReceived(b, "status.before", events);

            // 1. the subscriber's own daemon restarts
            a.restart(Duration.ofSeconds(30));
            events.reset();
            events.expectedMinimumMessageCount(1);
            publishUntilReceived(b, "status.after-subscriber-restart", events);
            assertTrue(context.getRouteController().getRouteStatus("events").isStarted(), "route never restarted");

            // 2. the broker's daemon (also the task executor's) restarts
            b.restart(Duration.ofSeconds(30));
            events.reset();
            events.expectedMinimumMessageCount(1);
            publishUntilReceived(b, "status.after-broker-restart", events);

            PilotConsumerSupport tasks = (PilotConsumerSupport) context.getRoute("tasks").getConsumer();
            PilotConsumers.awaitServing(tasks, Duration.ofSeconds(60));
            String reply = null;
            for (int attempt = 0; attempt < 10 && reply == null; attempt++) {
                try {
                    reply = template.requestBody("pilot:task?peer=" + b.address() + "&socketPath=" + a.socketPath(), "again", String.class);
                } catch (Exception notYet) {
                    Thread.sleep(1000); // B's task service re-binds after its reconnect backoff
                }
            }
            assertEquals("ok:again", reply);
        } finally {
            context.stop();
        }
    }

    /** Publishes with the real CLI (bounded attempts) until the subscriber route got it. */
    private static void publishUntilReceived(PilotNode publisher, String topic, MockEndpoint events) throws Exception {
        for (int attempt = 0; attempt < 60 && events.getReceivedCounter() == 0; attempt++) {
            publisher.pilotctl("publish", publisher.address(), topic, "--data", topic);
            Thread.sleep(500);
        }
        events.assertIsSatisfied(1000);
        assertEquals(topic, events.getExchanges().get(0).getIn().getHeader(PilotConstants.TOPIC));
    }
}
