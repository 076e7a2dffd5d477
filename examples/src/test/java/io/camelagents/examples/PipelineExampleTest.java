package io.camelagents.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.examples.pipeline.PipelineApp;
import io.camelagents.examples.pipeline.PipelineInfrastructure;
import io.camelagents.examples.pipeline.PipelineOperator;
import io.camelagents.examples.pipeline.PipelineOutcomesReader;
import io.camelagents.mcp.McpConstants;
import io.camelagents.pilot.PilotConstants;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The data pipeline end to end, in both DSLs, on real parts: three Pilot daemons, two PostgreSQL databases each
 * behind its own dbhub server, an in-JVM Kafka broker.
 * <ol>
 * <li>A exports a well-formed batch (a dataset over 5 MiB) and announces it; B fetches it over port 1001, checks its
 * SHA-256, and writes per-sensor summaries into database 2 that match database 1; C bridges data.processed to Kafka</li>
 * <li>A malformed batch (one reading "ERR") is rejected with the line that is wrong; nothing of it is in database 2.
 * The write tool is all or nothing too: one bad summary among good ones stores none</li>
 * <li>A forged data.ready (published by another node at A's broker) announces a wrong SHA-256: the file A sends does
 * not match it, so it is rejected and nothing is written</li>
 * </ol>
 * Transfers of several MiB can stall for tens of seconds on a loaded machine (README, Known limits), so waits are
 * long and conditional; B retries its request to A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(8);
    private static final String PER_SENSOR = "string_agg(concat_ws(':', sensor, readings, min_r, max_r, mean_r), ',' ORDER BY sensor)";

    private PipelineInfrastructure infra;

    @BeforeAll
    void start() throws Exception {
        infra = PipelineInfrastructure.start();
    }

    @AfterAll
    void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineApp.Dsl.class)
    void datasetFlowsFromDatabaseOneToDatabaseTwoAndBadOnesWriteNothing(PipelineApp.Dsl dsl) throws Exception {
        try (PipelineOutcomesReader outcomes = new PipelineOutcomesReader(infra.kafkaBootstrapServers());
             PipelineApp app = PipelineApp.start(infra, dsl)) {
            app.awaitReady(outcomes, Duration.ofSeconds(90));
            String cSocket = infra.agentC().socketPath().toString();
            String agentA = infra.agentA().hostname();

            // 1. a well-formed batch: >= 5 MiB over port 1001, SHA-256 checked on arrival, summaries in database 2
            PipelineOperator.Export good = PipelineOperator.export(app.agentC(), cSocket, agentA, PipelineInfrastructure.GOOD_BATCH, 300_000);
            assertEquals("SUCCEEDED", good.status(), good.history().toString());
            JsonNode ready = JSON.readTree(good.dataReady());
            String goodId = ready.get("datasetId").asText();
            long bytes = ready.get("bytes").asLong();
            assertTrue(bytes >= 5L * 1024 * 1024, "the dataset is at least 5 MiB: " + bytes);
            assertEquals(PipelineInfrastructure.SENSORS * PipelineInfrastructure.READINGS_PER_SENSOR, ready.get("rows").asLong());

            ConsumerRecord<String, String> outcome = outcomes.awaitOutcome(goodId, OUTCOME_TIMEOUT);
            assertNotNull(outcome, "an outcome for " + goodId + " reached Kafka through agent C");
            assertEquals("data.processed", outcome.key(), outcome.value());
            JsonNode processed = JSON.readTree(outcome.value());
            // B hashed the file it received: the same bytes A announced
            assertEquals(ready.get("sha256").asText(), processed.get("sha256").asText());
            assertEquals(bytes, processed.get("bytes").asLong());
            assertTrue(processed.get("sha256Verified").asBoolean(), outcome.value());
            assertEquals(PipelineInfrastructure.SENSORS, processed.get("summariesWritten").asInt());

            assertEquals(PipelineInfrastructure.SENSORS + "|" + PipelineInfrastructure.SENSORS * PipelineInfrastructure.READINGS_PER_SENSOR,
                    analytics("SELECT count(*), sum(readings) FROM sensor_summaries WHERE dataset_id = '" + goodId + "'"));
            // every summary equals what database 1 computes from the same readings
            String expected = infra.querySensors("SELECT " + PER_SENSOR + " FROM (SELECT sensor, count(*) AS readings,"
                    + " min(reading::numeric)::numeric(10,3) AS min_r, max(reading::numeric)::numeric(10,3) AS max_r,"
                    + " round(avg(reading::numeric), 3)::numeric(10,3) AS mean_r FROM readings WHERE batch = '"
                    + PipelineInfrastructure.GOOD_BATCH + "' GROUP BY sensor) s").strip();
            String written = analytics("SELECT " + PER_SENSOR + " FROM (SELECT sensor, readings, min_reading::numeric(10,3) AS min_r,"
                    + " max_reading::numeric(10,3) AS max_r, mean_reading::numeric(10,3) AS mean_r FROM sensor_summaries"
                    + " WHERE dataset_id = '" + goodId + "') s");
            assertFalse(expected.isEmpty());
            assertEquals(expected, written);
            String rowsBefore = analytics("SELECT count(*) FROM sensor_summaries");

            // 2. a malformed batch: rejected with the line that is wrong, nothing written
            PipelineOperator.Export bad = PipelineOperator.export(app.agentC(), cSocket, agentA, PipelineInfrastructure.MALFORMED_BATCH, 300_000);
            assertEquals("SUCCEEDED", bad.status(), bad.history().toString());
            JsonNode badReady = JSON.readTree(bad.dataReady());
            String badId = badReady.get("datasetId").asText();
            assertTrue(badReady.get("bytes").asLong() >= 5L * 1024 * 1024);
            ConsumerRecord<String, String> rejected = outcomes.awaitOutcome(badId, OUTCOME_TIMEOUT);
            assertNotNull(rejected, "an outcome for " + badId + " reached Kafka");
            assertEquals("data.rejected", rejected.key(), rejected.value());
            assertEquals("dataset " + badId + " rejected: line " + PipelineInfrastructure.MALFORMED_ROW
                    + ": reading 'ERR' is not a number; nothing was written to database 2", JSON.readTree(rejected.value()).get("reason").asText());
            assertEquals("0", analytics("SELECT count(*) FROM sensor_summaries WHERE dataset_id = '" + badId + "'"));
            assertEquals(rowsBefore, analytics("SELECT count(*) FROM sensor_summaries"));

            // the write tool itself is all or nothing: one bad summary among good ones (readings 0 breaks a CHECK) stores none
            String probeId = "ds" + "f".repeat(16);
            String summaries = JSON.writeValueAsString(List.of(
                    Map.of("batch", "2025-06-03", "sensor", "sensor-0001", "site", "orchard", "readings", 2, "min_reading", 1, "max_reading", 3, "mean_reading", 2),
                    Map.of("batch", "2025-06-03", "sensor", "sensor-0002", "site", "orchard", "readings", 0, "min_reading", 1, "max_reading", 3, "mean_reading", 2)));
            Exchange write = app.agentB().createProducerTemplate().request("mcp:analytics/store_sensor_summaries?failOnToolError=false",
                    e -> e.getIn().setBody(Map.of("dataset_id", probeId, "summaries", summaries)));
            assertNull(write.getException());
            assertEquals(Boolean.TRUE, write.getMessage().getHeader(McpConstants.IS_ERROR), write.getMessage().getBody(String.class));
            assertEquals("0", analytics("SELECT count(*) FROM sensor_summaries WHERE dataset_id = '" + probeId + "'"));

            // 3. a forged announcement: C's node publishes data.ready at A's broker with a wrong SHA-256 for a dataset A has
            String forged = JSON.writeValueAsString(Map.of("datasetId", badId, "batch", PipelineInfrastructure.MALFORMED_BATCH,
                    "rows", badReady.get("rows").asLong(), "bytes", badReady.get("bytes").asLong(), "sha256", "0".repeat(64)));
            ConsumerRecord<String, String> mismatch = null;
            for (int attempt = 0; attempt < 3 && mismatch == null; attempt++) { // an event is at-most-once: publish again if none came
                app.agentC().createProducerTemplate().sendBodyAndHeader("pilot:events?broker=" + agentA + "&socketPath=" + cSocket, forged,
                        PilotConstants.TOPIC, "data.ready");
                mismatch = outcomes.awaitOutcome("data.rejected", badId + " rejected: SHA-256 mismatch", OUTCOME_TIMEOUT.dividedBy(3));
            }
            assertNotNull(mismatch, "the forged announcement led to a rejection");
            String reason = JSON.readTree(mismatch.value()).get("reason").asText();
            assertEquals(badId, JSON.readTree(mismatch.value()).get("datasetId").asText());
            assertTrue(reason.startsWith("dataset " + badId + " rejected: SHA-256 mismatch: data.ready announced "
                    + badReady.get("bytes").asLong() + " bytes with SHA-256 " + "0".repeat(64) + ", the received file has "), reason);
            assertTrue(reason.endsWith(badReady.get("sha256").asText() + "; nothing was written to database 2"), reason);
            assertEquals("0", analytics("SELECT count(*) FROM sensor_summaries WHERE dataset_id = '" + badId + "'"));
            assertEquals(rowsBefore, analytics("SELECT count(*) FROM sensor_summaries"));

            // B consumed every file it was sent (the rejected ones too): nothing stays in its inbox, nothing in .failed
            Path received = infra.agentB().home().resolve(".pilot/received");
            await("B's received directory is empty").atMost(Duration.ofSeconds(60)).until(() -> listing(received).isEmpty());
            assertEquals(List.of(), listing(received.resolve(".failed")));
        }
    }

    private String analytics(String sql) throws Exception {
        return infra.queryAnalytics(sql).strip();
    }

    private static List<String> listing(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
