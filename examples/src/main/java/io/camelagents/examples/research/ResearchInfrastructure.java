package io.camelagents.examples.research;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the research agent needs, started on embedded defaults unless configured (system property or
 * environment variable, e.g. {@code -Dkafka.bootstrap.servers=host:9092} / {@code KAFKA_BOOTSTRAP_SERVERS}):
 * <ul>
 * <li>{@code agent.socket}, {@code requester.socket}, {@code agent.peer}: existing Pilot daemons; else a local
 * network of two real daemons (agent {@code research-a}, requester {@code research-b})</li>
 * <li>{@code kafka.bootstrap.servers}: an existing Kafka; else an in-JVM KRaft broker</li>
 * <li>{@code database.dsn}: an existing PostgreSQL (read-only user) with table {@code papers}; else a throw-away
 * cluster with sample papers and a SELECT-only role</li>
 * </ul>
 * The MCP servers are real npm servers started by the mcp: component: dbhub (SQL, read-only, one parameterised
 * tool) and server-filesystem (the team's notes). Closing stops what was started here, nothing else.
 */
public final class ResearchInfrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResearchInfrastructure.class);
    private static final String READER_PASSWORD = "research-reader-7Tq";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Path workDir;
    private String agentSocket;
    private String requesterSocket;
    private String agentPeer;
    private String kafkaBootstrapServers;
    private String databaseDsn;
    private Path notesDir;
    private Path dbhubConfig;

    private ResearchInfrastructure() throws IOException {
        this.workDir = Files.createTempDirectory("research-agent");
    }

    public static ResearchInfrastructure start() throws Exception {
        ResearchInfrastructure infra = new ResearchInfrastructure();
        try {
            infra.startPilot();
            infra.startKafka();
            infra.startDatabase();
            infra.writeNotesAndDbhubConfig();
            return infra;
        } catch (Exception e) {
            infra.close();
            throw e;
        }
    }

    static String setting(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
        return v == null || v.isBlank() ? null : v;
    }

    private void startPilot() {
        agentSocket = setting("agent.socket");
        requesterSocket = setting("requester.socket");
        agentPeer = setting("agent.peer");
        if (agentSocket != null && requesterSocket != null && agentPeer != null) {
            LOG.info("using existing Pilot daemons: agent {}, requester {}", agentSocket, requesterSocket);
            return;
        }
        LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(2).hostnamePrefix("research")
                .startTimeout(Duration.ofSeconds(60)).start();
        started.add(network);
        agentSocket = network.node(0).socketPath().toString();
        requesterSocket = network.node(1).socketPath().toString();
        agentPeer = network.node(0).hostname();
        LOG.info("local Pilot network: agent {} ({}), requester {} ({})", network.node(0).hostname(), network.node(0).address(),
                network.node(1).hostname(), network.node(1).address());
    }

    private void startKafka() {
        kafkaBootstrapServers = setting("kafka.bootstrap.servers");
        if (kafkaBootstrapServers != null) {
            LOG.info("using Kafka at {}", kafkaBootstrapServers);
            return;
        }
        EmbeddedKafka kafka = new EmbeddedKafka().start();
        started.add(kafka);
        kafkaBootstrapServers = kafka.bootstrapServers();
        kafka.createTopic(ResearchAgentApp.KAFKA_TOPIC, 1);
        LOG.info("embedded Kafka at {}", kafkaBootstrapServers);
    }

    private void startDatabase() throws IOException {
        databaseDsn = setting("database.dsn");
        if (databaseDsn != null) {
            LOG.info("using the configured database");
            return;
        }
        EmbeddedPostgres pg = new EmbeddedPostgres();
        started.add(pg);
        pg.psql("postgres", "CREATE DATABASE research");
        pg.psql("research", String.join("\n",
                "CREATE TABLE papers (id serial PRIMARY KEY, topic text NOT NULL, title text NOT NULL, year int NOT NULL, finding text NOT NULL);",
                "INSERT INTO papers (topic, title, year, finding) VALUES",
                " ('quantum batteries', 'Superabsorption in Dicke quantum batteries', 2022, 'charging power grows faster than cell count'),",
                " ('quantum batteries', 'Stable work extraction from open quantum batteries', 2024, 'dark states keep stored work against decay'),",
                " ('quantum batteries', 'Room-temperature organic microcavity battery', 2025, 'first charge-and-hold demonstration outside a cryostat'),",
                " ('soil carbon', 'Biochar and microbial carbon use efficiency', 2023, 'biochar raises retention in sandy soils');",
                "CREATE ROLE agent_reader LOGIN PASSWORD '" + READER_PASSWORD + "';",
                "GRANT CONNECT ON DATABASE research TO agent_reader;",
                "GRANT USAGE ON SCHEMA public TO agent_reader;",
                "GRANT SELECT ON papers TO agent_reader;"));
        databaseDsn = pg.dsn("agent_reader", READER_PASSWORD, "research");
        LOG.info("embedded PostgreSQL on 127.0.0.1:{} with sample papers", pg.port());
    }

    private void writeNotesAndDbhubConfig() throws IOException {
        String configuredNotes = setting("notes.dir");
        notesDir = configuredNotes != null ? Path.of(configuredNotes) : Files.createDirectories(workDir.resolve("notes"));
        if (configuredNotes == null) {
            Files.writeString(notesDir.resolve("quantum-batteries.md"),
                    "Ask the lab about the 2025 microcavity sample before citing it; the 2022 result is well replicated.\n");
        }
        dbhubConfig = workDir.resolve("dbhub.toml");
        // Read-only twice: dbhub refuses writes, and the database role can only SELECT.
        Files.writeString(dbhubConfig, String.join("\n",
                "[[sources]]",
                "id = \"research\"",
                "dsn = \"" + databaseDsn + "\"",
                "",
                "[[tools]]",
                "name = \"papers_by_topic\"",
                "source = \"research\"",
                "description = \"Papers on one topic, newest first\"",
                "statement = \"SELECT title, year, finding FROM papers WHERE topic = $1 ORDER BY year DESC LIMIT 10\"",
                "readonly = true",
                "parameters = [ { name = \"topic\", type = \"string\", description = \"Research topic\" } ]",
                ""));
    }

    /** MCP server {@code database}: dbhub over stdio, only the parameterised tool allowed. */
    public McpServerDefinition databaseServer() {
        McpServerDefinition d = new McpServerDefinition();
        d.setName("database");
        d.setCommand(McpServerPackages.node());
        d.setArgs(List.of(McpServerPackages.entry(McpServerPackages.DBHUB).toString(), "--transport", "stdio",
                "--config", dbhubConfig.toString()));
        d.setAllowedTools(List.of("papers_by_topic"));
        return d;
    }

    /** MCP server {@code notes}: server-filesystem confined to the notes directory, read-only tools allowed. */
    public McpServerDefinition notesServer() {
        McpServerDefinition d = new McpServerDefinition();
        d.setName("notes");
        d.setCommand(McpServerPackages.node());
        d.setArgs(List.of(McpServerPackages.entry(McpServerPackages.FILESYSTEM).toString(), notesDir.toString()));
        d.setAllowedTools(List.of("read_text_file", "list_directory"));
        return d;
    }

    public String agentSocket() {
        return agentSocket;
    }

    public String requesterSocket() {
        return requesterSocket;
    }

    public String agentPeer() {
        return agentPeer;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public Path notesDir() {
        return notesDir;
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
