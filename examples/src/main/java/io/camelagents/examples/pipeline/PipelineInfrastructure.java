package io.camelagents.examples.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.camelagents.brokers.EmbeddedKafka;
import io.camelagents.brokers.EmbeddedPostgres;
import io.camelagents.brokers.McpServerPackages;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the data pipeline needs, on embedded defaults: three real Pilot daemons (agent A {@code pipeline-a},
 * agent B {@code pipeline-b}, agent C {@code pipeline-c}), an in-JVM Kafka broker, and two throw-away PostgreSQL
 * clusters, each behind its own dbhub MCP server:
 * <ul>
 * <li>database 1 ({@code sensors}, agent A's): raw sensor readings as devices sent them, read by a SELECT-only role
 * through one parameterised, read-only tool {@code readings_page} (keyset paging, a bounded page per call)</li>
 * <li>database 2 ({@code analytics}, agent B's): per-sensor summaries, written by an INSERT-only role through one
 * parameterised tool {@code store_sensor_summaries}: a single {@code INSERT ... SELECT FROM json_to_recordset($2::json)}
 * statement, so a dataset is written whole or not at all</li>
 * </ul>
 * The agents share nothing but the Pilot network: each has its own daemon, its own database and MCP server.
 * Closing stops what was started here.
 */
public final class PipelineInfrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineInfrastructure.class);
    public static final String KAFKA_TOPIC = "pipeline-outcomes";
    /** A batch whose readings are all well-formed. */
    public static final String GOOD_BATCH = "2025-06-01";
    /** A batch with one reading a device sent as {@code ERR}: B must reject the whole dataset. */
    public static final String MALFORMED_BATCH = "2025-06-02";
    public static final int SENSORS = 200;
    public static final int READINGS_PER_SENSOR = 240;
    /** The one malformed row of {@link #MALFORMED_BATCH}: its position in the batch (1-based, ordered by id). */
    public static final int MALFORMED_ROW = 31_337;

    private static final String READER_PASSWORD = "sensors-reader-4Fw";
    private static final String WRITER_PASSWORD = "analytics-writer-9Kd";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Path workDir;
    private PilotNode agentA;
    private PilotNode agentB;
    private PilotNode agentC;
    private String kafkaBootstrapServers;
    private EmbeddedPostgres sensors;
    private EmbeddedPostgres analytics;
    private Path sourceConfig;
    private Path sinkConfig;

    private PipelineInfrastructure() throws IOException {
        this.workDir = Files.createTempDirectory("data-pipeline");
    }

    public static PipelineInfrastructure start() throws Exception {
        PipelineInfrastructure infra = new PipelineInfrastructure();
        try {
            infra.startPilot();
            infra.startKafka();
            infra.startSourceDatabase();
            infra.startSinkDatabase();
            return infra;
        } catch (Exception e) {
            infra.close();
            throw e;
        }
    }

    private void startPilot() {
        LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(3).hostnamePrefix("pipeline")
                .startTimeout(Duration.ofSeconds(60)).start();
        started.add(network);
        agentA = network.node(0);
        agentB = network.node(1);
        agentC = network.node(2);
        LOG.info("local Pilot network: A {} ({}), B {} ({}), C {} ({})", agentA.hostname(), agentA.address(),
                agentB.hostname(), agentB.address(), agentC.hostname(), agentC.address());
    }

    private void startKafka() {
        EmbeddedKafka kafka = new EmbeddedKafka().start();
        started.add(kafka);
        kafkaBootstrapServers = kafka.bootstrapServers();
        kafka.createTopic(KAFKA_TOPIC, 1);
        LOG.info("embedded Kafka at {}", kafkaBootstrapServers);
    }

    /** Database 1: two batches of raw readings (text, as devices sent them); one reading in the second is "ERR". */
    private void startSourceDatabase() throws IOException {
        sensors = new EmbeddedPostgres();
        EmbeddedPostgres pg = sensors;
        started.add(pg);
        pg.psql("postgres", "CREATE DATABASE sensors");
        int perBatch = SENSORS * READINGS_PER_SENSOR;
        pg.psql("sensors", String.join("\n",
                "CREATE TABLE readings (id serial PRIMARY KEY, batch date NOT NULL, sensor text NOT NULL, site text NOT NULL,",
                "  taken_at text NOT NULL, reading text NOT NULL);",
                "CREATE INDEX readings_batch_id ON readings (batch, id);",
                // deterministic values: sensor s, reading number r (6 minutes apart); a few sites
                "INSERT INTO readings (batch, sensor, site, taken_at, reading)",
                "SELECT b::date, format('sensor-%s', lpad(s::text, 4, '0')),",
                "  (ARRAY['north-field','south-field','greenhouse-1','greenhouse-2','orchard'])[1 + s % 5],",
                "  to_char(b::timestamp + r * interval '6 minutes', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),",
                "  to_char(12 + (s % 17) + ((r * 37 + s * 11) % 1000) / 100.0, 'FM990.000')",
                "FROM unnest(ARRAY['" + GOOD_BATCH + "','" + MALFORMED_BATCH + "']) AS b,",
                "  generate_series(0, " + (READINGS_PER_SENSOR - 1) + ") AS r, generate_series(1, " + SENSORS + ") AS s",
                "ORDER BY b, r, s;",
                "UPDATE readings SET reading = 'ERR' WHERE id = " + (perBatch + MALFORMED_ROW) + ";",
                "CREATE ROLE sensors_reader LOGIN PASSWORD '" + READER_PASSWORD + "';",
                "GRANT CONNECT ON DATABASE sensors TO sensors_reader;",
                "GRANT USAGE ON SCHEMA public TO sensors_reader;",
                "GRANT SELECT ON readings TO sensors_reader;"));
        String dsn = pg.dsn("sensors_reader", READER_PASSWORD, "sensors");
        sourceConfig = workDir.resolve("dbhub-sensors.toml");
        // Read-only twice: dbhub allows only SELECT in this tool, and the role can only SELECT.
        Files.writeString(sourceConfig, String.join("\n",
                "[[sources]]",
                "id = \"sensors\"",
                "dsn = \"" + dsn + "\"",
                "",
                "[[tools]]",
                "name = \"readings_page\"",
                "source = \"sensors\"",
                "description = \"One page of a batch's raw readings, in id order, after a given id\"",
                "statement = \"SELECT id, batch::text AS batch, sensor, site, taken_at, reading FROM readings"
                        + " WHERE batch = $1::date AND id > $2 ORDER BY id LIMIT $3\"",
                "readonly = true",
                "parameters = [",
                "  { name = \"batch\", type = \"string\", description = \"Batch date, YYYY-MM-DD\" },",
                "  { name = \"after_id\", type = \"integer\", description = \"Last id of the previous page (0 for the first)\" },",
                "  { name = \"page_size\", type = \"integer\", description = \"Rows per page\" },",
                "]",
                ""));
        LOG.info("database 1 (sensors) on 127.0.0.1:{}: {} readings in two batches", pg.port(), 2 * perBatch);
    }

    /** Database 2: the summaries B writes. The role may INSERT into that table and nothing else. */
    private void startSinkDatabase() throws IOException {
        analytics = new EmbeddedPostgres();
        started.add(analytics);
        analytics.psql("postgres", "CREATE DATABASE analytics");
        analytics.psql("analytics", String.join("\n",
                "CREATE TABLE sensor_summaries (dataset_id text NOT NULL, batch date NOT NULL, sensor text NOT NULL,",
                "  site text NOT NULL, readings int NOT NULL CHECK (readings > 0), min_reading numeric NOT NULL,",
                "  max_reading numeric NOT NULL, mean_reading numeric NOT NULL, written_at timestamptz NOT NULL DEFAULT now(),",
                "  PRIMARY KEY (dataset_id, sensor), CHECK (min_reading <= mean_reading AND mean_reading <= max_reading));",
                "CREATE ROLE analytics_writer LOGIN PASSWORD '" + WRITER_PASSWORD + "';",
                "GRANT CONNECT ON DATABASE analytics TO analytics_writer;",
                "GRANT USAGE ON SCHEMA public TO analytics_writer;",
                "GRANT INSERT ON sensor_summaries TO analytics_writer;"));
        String dsn = analytics.dsn("analytics_writer", WRITER_PASSWORD, "analytics");
        sinkConfig = workDir.resolve("dbhub-analytics.toml");
        // One statement: PostgreSQL runs it atomically, so a failing row leaves nothing of the dataset behind.
        // The summaries travel as ONE bound JSON parameter ($2), never as SQL text.
        Files.writeString(sinkConfig, String.join("\n",
                "[[sources]]",
                "id = \"analytics\"",
                "dsn = \"" + dsn + "\"",
                "",
                "[[tools]]",
                "name = \"store_sensor_summaries\"",
                "source = \"analytics\"",
                "description = \"Stores the per-sensor summaries of one dataset, all or nothing\"",
                "statement = \"INSERT INTO sensor_summaries (dataset_id, batch, sensor, site, readings, min_reading, max_reading, mean_reading)"
                        + " SELECT $1, s.batch::date, s.sensor, s.site, s.readings, s.min_reading, s.max_reading, s.mean_reading"
                        + " FROM json_to_recordset($2::json) AS s(batch text, sensor text, site text, readings int,"
                        + " min_reading numeric, max_reading numeric, mean_reading numeric)\"",
                "parameters = [",
                "  { name = \"dataset_id\", type = \"string\", description = \"Dataset id\" },",
                "  { name = \"summaries\", type = \"string\", description = \"JSON array of per-sensor summaries\" },",
                "]",
                ""));
        LOG.info("database 2 (analytics) on 127.0.0.1:{}", analytics.port());
    }

    /** MCP server {@code sensors} (agent A): dbhub over database 1, only the read tool allowed. */
    public McpServerDefinition sourceServer() {
        return dbhub("sensors", sourceConfig, "readings_page");
    }

    /** MCP server {@code analytics} (agent B): dbhub over database 2, only the write tool allowed. */
    public McpServerDefinition sinkServer() {
        return dbhub("analytics", sinkConfig, "store_sensor_summaries");
    }

    private static McpServerDefinition dbhub(String name, Path config, String tool) {
        McpServerDefinition d = new McpServerDefinition();
        d.setName(name);
        d.setCommand(McpServerPackages.node());
        d.setArgs(List.of(McpServerPackages.entry(McpServerPackages.DBHUB).toString(), "--transport", "stdio",
                "--config", config.toString()));
        d.setAllowedTools(List.of(tool));
        // a page of readings is a few MB of JSON: give a loaded machine time
        d.setRequestTimeout(120_000);
        return d;
    }

    /**
     * Runs a query on database 2 as its superuser (over the local socket, not through any agent): what the demo and
     * the test use to see what reached it. Output is psql's unaligned format, one row per line, fields split by |.
     */
    public String queryAnalytics(String sql) throws IOException {
        return analytics.psql("analytics", sql);
    }

    /** Runs a query on database 1 as its superuser (for cross-checks); psql's unaligned output. */
    public String querySensors(String sql) throws IOException {
        return sensors.psql("sensors", sql);
    }

    public PilotNode agentA() {
        return agentA;
    }

    public PilotNode agentB() {
        return agentB;
    }

    public PilotNode agentC() {
        return agentC;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** A fresh directory for one agent's working files (A's datasets). */
    public Path newWorkDir(String prefix) throws IOException {
        return Files.createTempDirectory(workDir, prefix);
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        started.clear();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files only
        }
    }
}
