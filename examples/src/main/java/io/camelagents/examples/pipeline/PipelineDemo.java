package io.camelagents.examples.pipeline;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The data pipeline demo on embedded defaults (see {@link PipelineInfrastructure}): three agents, two databases,
 * nothing shared but the Pilot network. The operator (on C's node) asks A to export a well-formed batch and then a
 * malformed one; the demo prints what A announced, the outcome C bridged to Kafka and what reached database 2, then
 * stops everything it started.
 * <pre>
 *   bash scripts/demo.sh pipeline                    # agents' routes in Java DSL
 *   bash scripts/demo.sh pipeline -Ddemo.dsl=yaml    # from camel/pipeline-agent-{a,b,c}.camel.yaml
 * </pre>
 */
public final class PipelineDemo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(5);

    public static void main(String[] args) throws Exception {
        PipelineApp.Dsl dsl = "yaml".equalsIgnoreCase(System.getProperty("demo.dsl")) ? PipelineApp.Dsl.YAML : PipelineApp.Dsl.JAVA;
        int exit = 0;
        try (PipelineInfrastructure infra = PipelineInfrastructure.start();
             PipelineOutcomesReader outcomes = new PipelineOutcomesReader(infra.kafkaBootstrapServers());
             PipelineApp app = PipelineApp.start(infra, dsl)) {
            app.awaitReady(outcomes, Duration.ofSeconds(90));
            System.out.println();
            System.out.println("== agents ready (routes: " + dsl + " DSL): A " + infra.agentA().hostname() + ", B " + infra.agentB().hostname()
                    + " subscribed to data.* at A, C bridging data.* at B to Kafka topic " + PipelineInfrastructure.KAFKA_TOPIC);
            String good = run(infra, app, outcomes, PipelineInfrastructure.GOOD_BATCH, "data.processed");
            String bad = run(infra, app, outcomes, PipelineInfrastructure.MALFORMED_BATCH, "data.rejected");
            if (good == null || bad == null) {
                exit = 1;
            } else {
                System.out.println("== database 2 (analytics.sensor_summaries): rows per dataset");
                System.out.println(infra.queryAnalytics("SELECT dataset_id || ': ' || count(*) || ' summaries, ' || sum(readings)"
                        + " || ' readings' FROM sensor_summaries GROUP BY dataset_id").strip());
                System.out.println("dataset " + bad + ": " + infra.queryAnalytics(
                        "SELECT count(*) FROM sensor_summaries WHERE dataset_id = '" + bad + "'").strip() + " summaries (rejected, nothing written)");
                System.out.println("first rows of " + good + " (sensor | site | readings | min | max | mean):");
                System.out.println(infra.queryAnalytics("SELECT sensor, site, readings, min_reading, max_reading, mean_reading"
                        + " FROM sensor_summaries WHERE dataset_id = '" + good + "' ORDER BY sensor LIMIT 5").strip());
            }
        }
        System.out.println("== stopped: the three agents, MCP servers, Kafka, both PostgreSQL clusters, Pilot daemons");
        System.exit(exit);
    }

    /** Exports one batch and prints what A announced and the outcome; returns the dataset id, or null if unexpected. */
    private static String run(PipelineInfrastructure infra, PipelineApp app, PipelineOutcomesReader outcomes, String batch,
                              String expectedOutcome) throws Exception {
        System.out.println("== operator (on " + infra.agentC().hostname() + ") asks A: export " + batch);
        PipelineOperator.Export export = PipelineOperator.export(app.agentC(), infra.agentC().socketPath().toString(),
                infra.agentA().hostname(), batch, 300_000);
        System.out.println("task " + export.taskId() + ": " + export.status() + " " + export.history());
        System.out.println("data.ready " + export.dataReady());
        String id = JSON.readTree(export.dataReady()).get("datasetId").asText();
        ConsumerRecord<String, String> outcome = outcomes.awaitOutcome(id, OUTCOME_TIMEOUT);
        if (outcome == null) {
            System.out.println("no outcome for " + id + " reached Kafka within " + OUTCOME_TIMEOUT.toSeconds() + " s");
            return null;
        }
        System.out.println("Kafka " + PipelineInfrastructure.KAFKA_TOPIC + " offset " + outcome.offset() + ": key=" + outcome.key());
        JsonNode value = JSON.readTree(outcome.value());
        System.out.println("value=" + value);
        return expectedOutcome.equals(outcome.key()) ? id : null;
    }

    private PipelineDemo() {
    }
}
