package io.camelagents.mcp.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.camelagents.brokers.FreePorts;
import io.camelagents.brokers.McpServerPackages;

/**
 * The npm MCP servers installed by scripts/install-mcp-servers.sh (located by {@link McpServerPackages}) and the
 * Java SDK test server's command line. A missing server FAILS the test (never skips): CI must install them.
 */
public final class NpmServers {

    private NpmServers() {
    }

    public static Path modulesDir() {
        return McpServerPackages.modulesDir();
    }

    public static String node() {
        return McpServerPackages.node();
    }

    public static Path everything() {
        return McpServerPackages.entry(McpServerPackages.EVERYTHING);
    }

    public static Path filesystem() {
        return McpServerPackages.entry(McpServerPackages.FILESYSTEM);
    }

    public static Path dbhub() {
        return McpServerPackages.entry(McpServerPackages.DBHUB);
    }

    /** Pinned like scripts/install-mcp-servers.sh (keep the two in sync). */
    public static final String MEMORY = "@modelcontextprotocol/server-memory";
    public static final String MEMORY_VERSION = "2026.8.31";

    /**
     * npm server-memory (a knowledge graph with create/delete tools): the entry script, after checking the pinned
     * version is installed. Its graph goes to the file named by env MEMORY_FILE_PATH.
     */
    public static Path memory() {
        Path pkg = modulesDir().resolve(MEMORY);
        Path entry = pkg.resolve("dist").resolve("index.js");
        String json;
        try {
            json = Files.readString(pkg.resolve("package.json"));
        } catch (IOException e) {
            throw new IllegalStateException("MCP server " + MEMORY + "@" + MEMORY_VERSION + " is not installed in "
                    + modulesDir() + ": run scripts/install-mcp-servers.sh");
        }
        if (!json.contains("\"version\": \"" + MEMORY_VERSION + "\"") || !Files.isRegularFile(entry)) {
            throw new IllegalStateException("MCP server " + MEMORY + " in " + pkg + " is not version " + MEMORY_VERSION
                    + " with dist/index.js: run scripts/install-mcp-servers.sh");
        }
        return entry;
    }

    public static int freePort() {
        return FreePorts.tcp();
    }

    /** Command line to start the Java SDK test server in a child JVM over stdio. */
    public static List<String> javaSdkServerCommand() {
        return javaSdkServerCommand(System.getProperty("java.class.path"));
    }

    /** The test resources carry a console logger on stdout; a stdio server must log to stderr only. */
    public static List<String> javaSdkServerCommand(String classpath) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "-Dlog4j2.configurationFile=log4j2-stdio-server.properties", "-cp", classpath,
                JavaSdkTestServer.class.getName());
    }
}
