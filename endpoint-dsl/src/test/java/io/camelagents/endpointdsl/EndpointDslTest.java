package io.camelagents.endpointdsl;

import static io.camelagents.endpointdsl.AgentEndpoints.mcp;
import static io.camelagents.endpointdsl.AgentEndpoints.pilot;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.camelagents.pilot.PilotEndpoint;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The generated builders produce the URIs users would write, and a route built with them runs on a real daemon. */
@PilotNetwork(nodes = 1, hostnamePrefix = "dsl")
class EndpointDslTest {

    @Test
    void buildersWriteTheEndpointUris() {
        assertEquals("pilot://events?publishConnections=4&publishRate=50&topic=research.done",
                pilot("events").topic("research.done").publishRate(50).publishConnections(4).getRawUri());
        assertEquals("mcp://database/query?requestTimeout=5000&resultMode=json",
                mcp("database/query").resultMode("json").requestTimeout(5000).getRawUri());
    }

    @Test
    void routeBuiltWithTheDslRunsOnARealDaemon(LocalPilotNetwork network) throws Exception {
        PilotNode node = network.node(0);
        String socketPath = node.socketPath().toString();
        List<String> received = new CopyOnWriteArrayList<>();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new Routes(socketPath, received));
            context.start();
            PilotEndpoint endpoint = context.getEndpoint(
                    pilot("events").topic("dsl.greeting").socketPath(socketPath).getRawUri(), PilotEndpoint.class);
            assertEquals("dsl.greeting", endpoint.getConfiguration().getTopic());
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            // The broker may accept the subscription a moment after the consumer reports ready: publish until seen.
            PilotReadiness.confirmSubscription(() -> context.createProducerTemplate().sendBody(endpoint, "hello"),
                    () -> !received.isEmpty(), Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("hello"));
            assertTrue(received.stream().allMatch("hello"::equals));
        }
    }

    private static final class Routes extends EndpointRouteBuilder implements AgentEndpointBuilders {
        private final String socketPath;
        private final List<String> received;

        Routes(String socketPath, List<String> received) {
            this.socketPath = socketPath;
            this.received = received;
        }

        @Override
        public void configure() {
            from(pilot("events").topic("dsl.*").socketPath(socketPath)).routeId("dsl-subscriber")
                    .process(e -> received.add(e.getIn().getBody(String.class)));
        }
    }
}
