package io.camelagents.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.camelagents.examples.pipeline.DatasetIds;
import io.camelagents.examples.pipeline.DatasetRejectedException;
import io.camelagents.examples.pipeline.DatasetStore;
import io.camelagents.examples.pipeline.DatasetSummariser;
import io.camelagents.examples.pipeline.DatasetSummariser.SensorSummary;
import io.camelagents.examples.pipeline.SourceAgentSteps;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the pipeline's agents accept from peers, without a network: agent B's whole-dataset validation (each kind of
 * bad line is rejected with its line number), dataset ids and received file names, agent A's task grammar.
 */
class PipelineDatasetValidationTest {
    private static final String ID = "ds0123456789abcdef";
    private static final String GOOD_1 = "{\"id\":1,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0001\",\"site\":\"orchard\",\"taken_at\":\"2025-06-01T00:00:00Z\",\"reading\":\"20.5\"}";
    private static final String GOOD_2 = "{\"id\":2,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0001\",\"site\":\"orchard\",\"taken_at\":\"2025-06-01T00:06:00Z\",\"reading\":\"21.25\"}";
    private static final String GOOD_3 = "{\"id\":3,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0002\",\"site\":\"north-field\",\"taken_at\":\"2025-06-01T00:00:00Z\",\"reading\":\"-3\"}";

    @Test
    void aValidDatasetIsSummarisedPerSensor() {
        List<SensorSummary> s = DatasetSummariser.summarise(ID, "2025-06-01", 3, bytes(GOOD_1, GOOD_2, GOOD_3));
        assertEquals(List.of(
                new SensorSummary("2025-06-01", "sensor-0001", "orchard", 2, new BigDecimal("20.5"), new BigDecimal("21.25"), new BigDecimal("20.875")),
                new SensorSummary("2025-06-01", "sensor-0002", "north-field", 1, new BigDecimal("-3"), new BigDecimal("-3"), new BigDecimal("-3.000"))), s);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|line 2 is not JSON",
            "{\"id\":2}|line 2 is not an object with the fields",
            "{\"id\":2,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0001\",\"site\":\"orchard\",\"taken_at\":\"2025-06-01T00:06:00Z\",\"sql\":\"x\"}|line 2 has an unknown field 'sql'",
            "{\"id\":1,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0001\",\"site\":\"orchard\",\"taken_at\":\"2025-06-01T00:06:00Z\",\"reading\":\"1\"}|line 2: id must be a number above the previous line's 1",
            "{\"id\":2,\"batch\":\"2025-06-09\",\"sensor\":\"sensor-0001\",\"site\":\"orchard\",\"taken_at\":\"2025-06-01T00:06:00Z\",\"reading\":\"1\"}|line 2: batch '2025-06-09' is not the announced 2025-06-01",
            "{\"id\":2,\"batch\":\"2025-06-01\",\"sensor\":\"'; DROP TABLE x; --\",\"site\":\"orchard\",\"taken_at\":\"2025-06-01T00:06:00Z\",\"reading\":\"1\"}|line 2: sensor ''; DROP TABLE x; --' is not valid",
            "{\"id\":2,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0001\",\"site\":\"orchard\",\"taken_at\":\"2025-02-30T00:06:00Z\",\"reading\":\"1\"}|line 2: taken_at '2025-02-30T00:06:00Z' is not a valid time",
            "{\"id\":2,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0001\",\"site\":\"orchard\",\"taken_at\":\"2025-06-01T00:06:00Z\",\"reading\":\"ERR\"}|line 2: reading 'ERR' is not a number",
            "{\"id\":2,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0001\",\"site\":\"orchard\",\"taken_at\":\"2025-06-01T00:06:00Z\",\"reading\":20}|line 2: reading is missing or not a string",
            "{\"id\":2,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0001\",\"site\":\"orchard\",\"taken_at\":\"2025-06-01T00:06:00Z\",\"reading\":\"999\"}|line 2: reading 999 is outside -60..80",
            "{\"id\":2,\"batch\":\"2025-06-01\",\"sensor\":\"sensor-0001\",\"site\":\"orchard-2\",\"taken_at\":\"2025-06-01T00:06:00Z\",\"reading\":\"1\"}|line 2: sensor-0001 reports from orchard-2 and from orchard",
    })
    void aBadLineRejectsTheWholeDatasetNamingTheLine(String badLine, String reason) {
        DatasetRejectedException e = assertThrows(DatasetRejectedException.class,
                () -> DatasetSummariser.summarise(ID, "2025-06-01", 3, bytes(GOOD_1, badLine, GOOD_3)));
        assertEquals(ID, e.datasetId());
        assertEquals(true, e.getMessage().startsWith("dataset " + ID + " rejected: " + reason), e.getMessage());
        assertEquals(true, e.getMessage().endsWith("; nothing was written to database 2"), e.getMessage());
    }

    @Test
    void rowCountEmptinessAndEncodingAreChecked() {
        assertEquals("dataset " + ID + " rejected: it has 2 rows, data.ready announced 3; nothing was written to database 2",
                assertThrows(DatasetRejectedException.class, () -> DatasetSummariser.summarise(ID, "2025-06-01", 3, bytes(GOOD_1, GOOD_2))).getMessage());
        assertEquals("dataset " + ID + " rejected: it is empty; nothing was written to database 2",
                assertThrows(DatasetRejectedException.class, () -> DatasetSummariser.summarise(ID, "2025-06-01", 1, new byte[0])).getMessage());
        byte[] latin1 = (GOOD_1 + "\n" + GOOD_2.replace("orchard", "orch\u00e9rd") + "\n").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(true, assertThrows(DatasetRejectedException.class, () -> DatasetSummariser.summarise(ID, "2025-06-01", 2, latin1))
                .getMessage().contains("is not UTF-8"));
    }

    @Test
    void datasetIdsAndReceivedFileNamesAreStrict() {
        assertEquals(ID, DatasetIds.fromReceivedFileName(ID + ".ndjson"));
        assertEquals(ID, DatasetIds.fromReceivedFileName(ID + "-20260101-120000.123.ndjson"));
        assertNull(DatasetIds.fromReceivedFileName("__" + "_" + ID + ".ndjson"));
        assertNull(DatasetIds.fromReceivedFileName(ID + ".exe"));
        assertNull(DatasetIds.fromReceivedFileName("invoice_gpj-1.ndjson"));
        assertThrows(IllegalArgumentException.class, () -> DatasetIds.require("../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> DatasetIds.require("DS0123456789ABCDEF"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"export 2025-06-01; DROP TABLE readings", "export 2025-13-45", "send ../../etc/passwd", "send ds0123", "remove ds0123456789abcdef", ""})
    void agentAServesOnlyItsTwoTaskForms(String task) throws Exception {
        SourceAgentSteps steps = new SourceAgentSteps(new DatasetStore(java.nio.file.Files.createTempDirectory("pipeline-steps")));
        try (CamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getIn().setBody(task);
            assertThrows(RuntimeException.class, () -> steps.parseCommand(exchange));
            assertNull(exchange.getIn().getHeader("pipelineCommand"));
        }
    }

    @Test
    void agentAParsesItsTwoTaskForms() throws Exception {
        SourceAgentSteps steps = new SourceAgentSteps(new DatasetStore(java.nio.file.Files.createTempDirectory("pipeline-steps")));
        try (CamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getIn().setBody(" export 2025-06-01\n");
            steps.parseCommand(exchange);
            assertEquals("export", exchange.getIn().getHeader("pipelineCommand"));
            assertEquals("2025-06-01", exchange.getIn().getHeader("pipelineArgument"));
            exchange.getIn().setBody("send " + ID);
            steps.parseCommand(exchange);
            assertEquals("send", exchange.getIn().getHeader("pipelineCommand"));
            assertEquals(ID, exchange.getIn().getHeader("pipelineArgument"));
        }
    }

    private static byte[] bytes(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
