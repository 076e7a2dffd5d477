package io.camelagents.examples.pipeline;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import io.camelagents.examples.Readiness;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.PilotNode;
import io.camelagents.bridge.kafka.PilotToKafkaBridge;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

/**
 * The three agents of the data pipeline, each in its own CamelContext bound to its own Pilot daemon, with its own
 * beans and MCP server: they share nothing but the Pilot network.
 * <ul>
 * <li>A ({@link SourceAgentRoutes}): database 1 → dataset file → {@code data.ready}; serves dataset requests</li>
 * <li>B ({@link SinkAgentRoutes}): {@code data.*} at A's broker → asks A → file over port 1001 → SHA-256 check →
 * validate, summarise → database 2 → {@code data.processed} / {@code data.rejected} on B's event stream</li>
 * <li>C: the {@code pilot-to-kafka} bridge (camel-agents-bridge-kafka, over the pilot-events-source Kamelet), subscribed to {@code data.*} at B's broker → Kafka topic
 * {@value PipelineInfrastructure#KAFKA_TOPIC}</li>
 * </ul>
 */
public final class PipelineApp implements AutoCloseable {
    /** Which DSL the agents' routes are loaded from. */
    public enum Dsl { JAVA, YAML }

    private final PipelineInfrastructure infra;
    private final CamelContext agentA = new DefaultCamelContext();
    private final CamelContext agentB = new DefaultCamelContext();
    private final CamelContext agentC = new DefaultCamelContext();
    private final SinkAgentSteps sinkSteps = new SinkAgentSteps();

    private PipelineApp(PipelineInfrastructure infra) {
        this.infra = infra;
    }

    /** Configures and starts the three agents. */
    public static PipelineApp start(PipelineInfrastructure infra, Dsl dsl) throws Exception {
        PipelineApp app = new PipelineApp(infra);
        try {
            app.configureSource(dsl);
            app.configureSink(dsl);
            app.configureOutcomeBridge(dsl);
            app.agentA.start();
            app.agentB.start();
            app.agentC.start();
            return app;
        } catch (Exception e) {
            app.close();
            throw e;
        }
    }

    private void configureSource(Dsl dsl) throws Exception {
        PilotNode a = infra.agentA();
        properties(agentA, "agent.socket", a.socketPath().toString());
        agentA.getRegistry().bind("sourceSteps", new SourceAgentSteps(new DatasetStore(infra.newWorkDir("agent-a-datasets"))));
        agentA.getRegistry().bind("sensors", infra.sourceServer());
        load(agentA, dsl, new SourceAgentRoutes(), "camel/pipeline-agent-a.camel.yaml");
    }

    private void configureSink(Dsl dsl) throws Exception {
        PilotNode b = infra.agentB();
        properties(agentB, "agent.socket", b.socketPath().toString(),
                "source.peer", infra.agentA().hostname(),
                "agent.inbox", b.home().resolve(".pilot/inbox").toString(),
                "agent.received", b.home().resolve(".pilot/received").toString());
        agentB.getRegistry().bind("sinkSteps", sinkSteps);
        agentB.getRegistry().bind("analytics", infra.sinkServer());
        load(agentB, dsl, new SinkAgentRoutes(), "camel/pipeline-agent-b.camel.yaml");
    }

    /** Agent C: data.* at B's broker → bounded buffer → Kafka (idempotent producer, acks=all). */
    private void configureOutcomeBridge(Dsl dsl) throws Exception {
        properties(agentC, "agent.socket", infra.agentC().socketPath().toString(),
                "outcome.broker", infra.agentB().hostname(),
                "kafka.brokers", infra.kafkaBootstrapServers(),
                "kafka.topic", PipelineInfrastructure.KAFKA_TOPIC);
        agentC.addRoutes(new PilotToKafkaBridge());
        if (dsl == Dsl.YAML) {
            loadYaml(agentC, "camel/pipeline-agent-c.camel.yaml");
        } else {
            TemplatedRouteBuilder.builder(agentC, PilotToKafkaBridge.ID).routeId("pipeline-c-outcomes")
                    .parameter("pilotTopic", "data.*")
                    .parameter("pilotBroker", "{{outcome.broker}}")
                    .parameter("socketPath", "{{agent.socket}}")
                    .parameter("kafkaBrokers", "{{kafka.brokers}}")
                    .parameter("kafkaTopic", "{{kafka.topic}}")
                    .parameter("bufferName", "pipeline-outcomes")
                    .add();
        }
    }

    private static void properties(CamelContext context, String... keyValues) {
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(props);
        Readiness.enableHealthChecks(context);
    }

    private static void load(CamelContext context, Dsl dsl, org.apache.camel.RoutesBuilder javaRoutes, String yaml) throws Exception {
        if (dsl == Dsl.YAML) {
            loadYaml(context, yaml);
        } else {
            context.addRoutes(javaRoutes);
        }
    }

    private static void loadYaml(CamelContext context, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(PluginHelper.getResourceLoader(context).resolveResource("classpath:" + yaml));
    }

    /**
     * Waits until an export now would run end to end: every pilot: consumer of the three agents serves, B's
     * subscription at A's broker has seen a probe ({@code data.probe}), and a probe published at B's broker has come
     * out of C's bridge in Kafka. Pilot acknowledges no subscription and replays nothing: only an event that went
     * through proves that the next one will.
     */
    public void awaitReady(PipelineOutcomesReader outcomes, Duration timeout) throws InterruptedException {
        PilotReadiness.awaitConsumers(agentA, timeout);
        PilotReadiness.awaitConsumers(agentB, timeout);
        PilotReadiness.awaitConsumers(agentC, timeout);
        ProducerTemplate atA = agentA.createProducerTemplate();
        String probeA = "{\"probe\":\"" + UUID.randomUUID() + "\"}";
        PilotReadiness.confirmSubscription(() -> atA.sendBodyAndHeader("pilot:events?socketPath=" + infra.agentA().socketPath(), probeA,
                PilotConstants.TOPIC, "data.probe"), () -> sinkSteps.sawProbe(probeA), timeout);
        ProducerTemplate atB = agentB.createProducerTemplate();
        String probeB = "{\"probe\":\"" + UUID.randomUUID() + "\"}";
        PilotReadiness.confirmSubscription(() -> atB.sendBodyAndHeader("pilot:events?socketPath=" + infra.agentB().socketPath(), probeB,
                PilotConstants.TOPIC, "data.probe"), () -> outcomes.find(probeB) != null, timeout);
    }

    public CamelContext agentA() {
        return agentA;
    }

    public CamelContext agentB() {
        return agentB;
    }

    public CamelContext agentC() {
        return agentC;
    }

    @Override
    public void close() {
        for (CamelContext c : new CamelContext[] {agentC, agentB, agentA}) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
    }
}
