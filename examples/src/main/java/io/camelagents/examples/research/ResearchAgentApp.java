package io.camelagents.examples.research;

import java.util.Properties;

import io.camelagents.examples.Readiness;
import io.camelagents.routes.PilotToKafkaTemplates;
import org.apache.camel.CamelContext;
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
        context.addRoutes(new PilotToKafkaTemplates());
        TemplatedRouteBuilder.builder(context, PilotToKafkaTemplates.INTAKE_ID).routeId("research-events-in")
                .parameter("pilotTopic", "research.*")
                .parameter("socketPath", infra.agentSocket())
                .parameter("bufferName", "research-events")
                .add();
        TemplatedRouteBuilder.builder(context, PilotToKafkaTemplates.SENDER_ID).routeId("research-events-out")
                .parameter("kafkaBrokers", infra.kafkaBootstrapServers())
                .parameter("kafkaTopic", KAFKA_TOPIC)
                .parameter("bufferName", "research-events")
                .add();
    }
}
