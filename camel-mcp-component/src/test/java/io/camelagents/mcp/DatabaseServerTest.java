package io.camelagents.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.camelagents.brokers.EmbeddedPostgres;
import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.NpmServers;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mcp:database/<tool>}: a real PostgreSQL (Debian packages, throw-away cluster on 127.0.0.1) behind the
 * maintained {@code @bytebase/dbhub} MCP server over stdio. Values travel as tool arguments bound to {@code $1}
 * by the pg driver, never concatenated into SQL. Read-only is enforced twice: dbhub {@code readonly = true} and a
 * database role with SELECT only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseServerTest {

    private static final String READER_PASSWORD = "reader-pw-8f3k2";
    private EmbeddedPostgres postgres;
    private Path configDir;
    private CamelHarness camel;

    @BeforeAll
    void start() throws Exception {
        Path dbhub = NpmServers.dbhub();
        postgres = new EmbeddedPostgres();
        postgres.psql("postgres", "CREATE DATABASE shop");
        postgres.psql("shop", String.join("\n",
                "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(10,2) NOT NULL);",
                "INSERT INTO orders VALUES (1, 'alice', 10.50), (2, 'bob', 20.00), (3, 'alice', 7.25);",
                "CREATE ROLE reader LOGIN PASSWORD '" + READER_PASSWORD + "';",
                "GRANT CONNECT ON DATABASE shop TO reader;",
                "GRANT USAGE ON SCHEMA public TO reader;",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader;"));

        configDir = Files.createTempDirectory("mcp-dbhub");
        Path toml = configDir.resolve("dbhub.toml");
        Files.writeString(toml, String.join("\n",
                "[[sources]]",
                "id = \"shop\"",
                "dsn = \"postgres://reader:" + READER_PASSWORD + "@127.0.0.1:" + postgres.port() + "/shop?sslmode=disable\"",
                "",
                "[[tools]]",
                "name = \"execute_sql\"",
                "source = \"shop\"",
                "readonly = true",
                "max_rows = 100",
                "",
                "[[tools]]",
                "name = \"orders_by_customer\"",
                "source = \"shop\"",
                "description = \"Orders of one customer\"",
                "statement = \"SELECT id, customer, total FROM orders WHERE customer = $1 ORDER BY id\"",
                "readonly = true",
                "parameters = [ { name = \"customer\", type = \"string\", description = \"Customer name\" } ]",
                ""));
        McpServerDefinition database = CamelHarness.stdio("database",
                List.of(NpmServers.node(), dbhub.toString(), "--transport", "stdio", "--config", toml.toString()));
        database.setAllowedTools(List.of("orders_by_customer", "execute_sql"));
        camel = new CamelHarness(database);
    }

    @AfterAll
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (configDir != null) {
            Files.deleteIfExists(configDir.resolve("dbhub.toml"));
            Files.deleteIfExists(configDir);
        }
    }

    @Test
    void parameterizedToolReturnsRows() {
        Map<String, Object> result = json(camel.request("mcp:database/orders_by_customer?resultMode=json",
                Map.of("customer", "alice")));
        assertEquals(true, result.get("success"));
        List<Map<String, Object>> rows = rows(result);
        assertEquals(2, rows.size());
        assertEquals("10.50", rows.get(0).get("total"));
    }

    @Test
    void argumentValuesAreBoundNotConcatenated() {
        Map<String, Object> result = json(camel.request("mcp:database/orders_by_customer?resultMode=json",
                Map.of("customer", "alice' OR '1'='1")));
        assertEquals(0, rows(result).size());
    }

    @Test
    void readOnlySqlWorks() {
        Map<String, Object> result = json(camel.request("mcp:database/execute_sql?resultMode=json",
                Map.of("sql", "SELECT count(*) AS n FROM orders")));
        assertEquals("3", String.valueOf(rows(result).get(0).get("n")));
    }

    @Test
    void writesAreRefusedByDbhubAndByTheDatabase() throws Exception {
        Exchange delete = camel.send("mcp:database/execute_sql", Map.of("sql", "DELETE FROM orders"));
        McpToolErrorException refused = assertInstanceOf(McpToolErrorException.class, delete.getException());
        assertTrue(refused.getMessage().contains("READONLY_VIOLATION"), refused.getMessage());

        // A data-modifying CTE: dbhub's parser sees the DELETE too.
        Exchange cte = camel.send("mcp:database/execute_sql",
                Map.of("sql", "WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone"));
        assertInstanceOf(McpToolErrorException.class, cte.getException());

        // A locking SELECT passes dbhub's check and reaches PostgreSQL: the read-only role / transaction stop it.
        Exchange locking = camel.send("mcp:database/execute_sql", Map.of("sql", "SELECT id FROM orders FOR UPDATE"));
        McpToolErrorException blocked = assertInstanceOf(McpToolErrorException.class, locking.getException());
        assertTrue(blocked.getMessage().contains("read-only transaction") || blocked.getMessage().contains("permission denied"),
                blocked.getMessage());
        assertEquals("3", postgres.psql("shop", "SELECT count(*) FROM orders"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Object body) {
        return (Map<String, Object>) body;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> result) {
        return (List<Map<String, Object>>) ((Map<String, Object>) result.get("data")).get("rows");
    }
}
