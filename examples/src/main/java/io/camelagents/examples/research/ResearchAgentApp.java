package io.camelagents.examples.research;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import io.camelagents.examples.Readiness;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.bridge.kafka.PilotToKafkaBridge;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.support.PluginHelper;

/** Wires the research agent into a CamelContext: MCP servers, the agent route (Java or YAML DSL), the Kafka bridge. */
public final class ResearchAgentApp {
    public static final String KAFKA_TOPIC = "research-events";

    /** Which DSL the agent route is loaded from. */
    public enum Dsl { JAVA, YAML }

    private ResearchAgentApp() {
    }

    public static void configure(CamelContext context, ResearchInfrastructure infra, Dsl dsl) throws Exception {
        Properties props = new Properties();
        props.setProperty("agent.socket", infra.agentSocket());
        context.getPropertiesComponent().setInitialProperties(props);
        Readiness.enableHealthChecks(context);
        context.getRegistry().bind("researchSteps", new ResearchSteps(infra.notesDir()));
        context.getRegistry().bind("database", infra.databaseServer());
        context.getRegistry().bind("notes", infra.notesServer());

        if (dsl == Dsl.YAML) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getResourceLoader(context).resolveResource("classpath:camel/research-agent.camel.yaml"));
        } else {
            context.addRoutes(new ResearchAgentRoutes());
        }

        // research.* at the agent's broker -> bounded buffer -> Kafka (idempotent producer, acks=all)
        context.addRoutes(new PilotToKafkaBridge());
        TemplatedRouteBuilder.builder(context, PilotToKafkaBridge.ID).routeId("research-events")
                .parameter("pilotTopic", "research.*")
                .parameter("socketPath", infra.agentSocket())
                .parameter("kafkaBrokers", infra.kafkaBootstrapServers())
                .parameter("kafkaTopic", KAFKA_TOPIC)
                .parameter("bufferName", "research-events")
                .add();
    }

    /**
     * Waits until the started agent can take a task and its research.completed event will reach Kafka: every
     * pilot: consumer serves, and a probe event ({@code research.probe}) published at the agent's broker has come
     * out in the Kafka topic. The probe is needed because Pilot acknowledges no subscription and replays nothing:
     * only an event that went through proves that the next one will.
     */
    public static void awaitReady(CamelContext context, ResearchInfrastructure infra, ResearchEventsReader events, Duration timeout)
            throws InterruptedException {
        PilotReadiness.awaitConsumers(context, timeout);
        String probe = "{\"probe\":\"" + UUID.randomUUID() + "\"}";
        ProducerTemplate template = context.createProducerTemplate();
        PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader("pilot:events?socketPath=" + infra.agentSocket(), probe,
                PilotConstants.TOPIC, "research.probe"), () -> events.find(probe) != null, timeout);
    }
}
