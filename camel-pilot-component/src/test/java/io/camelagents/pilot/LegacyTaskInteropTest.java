package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotCtlResult;
import io.camelagents.pilot.testkit.PilotGeneration;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The agent flow on the older daemon generation, whose daemons own port 1003 and keep task state in files: node B
 * runs {@code from("pilot:task")}; node A submits with the REAL {@code pilotctl task submit} and gets the result
 * through its daemon; node C submits with the producer; A also receives the research.completed event.
 */
@PilotNetwork(nodes = 3, hostnamePrefix = "lg", generation = PilotGeneration.LEGACY)
class LegacyTaskInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE = "probe";

    @Test
    void pilotctlAndProducerSubmitToOurConsumer(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        PilotNode c = network.node(2);
        try (CamelContext context = new DefaultCamelContext()) {
            context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(5000);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pilot:task?pollDelay=100&socketPath=" + b.socketPath() + "&tasksDir=" + b.home().resolve(".pilot/tasks"))
                            .routeId("agent")
                            .setBody(simple("legacy answer: ${body}"))
                            .to("pilot:events?topic=research.completed&socketPath=" + b.socketPath());
                    from("pilot:events?topic=research.*&broker=" + b.address() + "&socketPath=" + a.socketPath()).routeId("watch")
                            .convertBodyTo(String.class)
                            .choice().when(body().isEqualTo(PROBE)).to("mock:probes").otherwise().to("mock:events");
                }
            });
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(30));
            // a subscription is not acknowledged: probe until A's watcher sees B's events, then count
            MockEndpoint probes = context.getEndpoint("mock:probes", MockEndpoint.class);
            PilotReadiness.confirmSubscription(() -> context.createProducerTemplate().sendBodyAndHeader(
                    "pilot:events?socketPath=" + b.socketPath(), PROBE, PilotConstants.TOPIC, "research.probe"),
                    () -> probes.getReceivedCounter() > 0, Duration.ofSeconds(60));
            MockEndpoint events = context.getEndpoint("mock:events", MockEndpoint.class);
            events.expectedBodiesReceivedInAnyOrder("legacy answer: via cli", "legacy answer: via camel");

            // 1. the real CLI of the older generation
            PilotCtlResult submit = a.pilotctl("task", "submit", b.hostname(), "--task", "via cli");
            assertTrue(submit.ok() && submit.json().path("accepted").asBoolean(), submit.toString());
            String taskId = submit.json().path("task_id").asText();
            Path submitted = a.home().resolve(".pilot/tasks/submitted/" + taskId + ".json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            JsonNode state = null;
            while (System.nanoTime() < deadline) {
                state = Files.exists(submitted) ? JSON.readTree(submitted.toFile()) : null;
                if (state != null && "COMPLETED".equals(state.path("status").asText())) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals("COMPLETED", state.path("status").asText(), String.valueOf(state));
            assertEquals("legacy answer: via cli", Files.readString(a.home().resolve(".pilot/tasks/results/" + taskId + "_result.txt")));
            JsonNode received = JSON.readTree(b.home().resolve(".pilot/tasks/received/" + taskId + ".json").toFile());
            assertEquals("SUCCEEDED", received.path("status").asText(), "our consumer keeps the daemon's task file as pilotctl would");

            // 2. our producer on a third node. B's reputation rose with the first task and older daemons refuse
            //    submitters below the receiver, so C's is raised first (as an established node's would be).
            network.setPoloScore(c, 10);
            Exchange reply = context.createProducerTemplate().request("pilot:task?peer=" + b.hostname() + "&socketPath=" + c.socketPath()
                    + "&tasksDir=" + c.home().resolve(".pilot/tasks"), e -> e.getIn().setBody("via camel"));
            assertEquals(null, reply.getException());
            assertEquals("legacy answer: via camel", reply.getMessage().getBody(String.class));
            assertEquals("COMPLETED", reply.getMessage().getHeader(PilotConstants.TASK_STATUS));

            events.assertIsSatisfied(20_000);
        }
    }
}
