package io.camelagents.mcp.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Locates the npm MCP servers installed by scripts/install-mcp-servers.sh under {@code agents.tools.dir}. A missing
 * server FAILS the test (never skips): CI must install them.
 */
public final class NpmServers {

    /** Pinned like scripts/install-mcp-servers.sh. */
    public static final String EVERYTHING_VERSION = "2026.8.31";
    public static final String FILESYSTEM_VERSION = "2026.8.31";
    public static final String DBHUB_VERSION = "0.21.2";

    private NpmServers() {
    }

    public static Path toolsDir() {
        String dir = System.getProperty("agents.tools.dir"); // set by surefire from the parent POM
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("AGENTS_TOOLS_DIR");
        }
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        // exec:java (benchmark) runs from the root or the module directory
        Path fromRoot = Path.of(".tools").toAbsolutePath().normalize();
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("..", ".tools").toAbsolutePath().normalize();
    }

    public static Path modulesDir() {
        return toolsDir().resolve("mcp-servers").resolve("node_modules");
    }

    public static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("node is not on PATH: install Node.js >= 20 (scripts/install-deps.sh)");
    }

    /** The entry script of an installed package, after checking its version. */
    public static Path entry(String packageName, String version, String relativeEntry) {
        Path packageDir = modulesDir().resolve(packageName);
        Path packageJson = packageDir.resolve("package.json");
        try {
            String json = Files.readString(packageJson);
            if (!json.contains("\"version\": \"" + version + "\"")) {
                fail(packageName + " in " + packageDir + " is not version " + version
                        + ": run scripts/install-mcp-servers.sh");
            }
        } catch (IOException e) {
            fail(packageName + "@" + version + " is not installed in " + modulesDir()
                    + ": run scripts/install-mcp-servers.sh (" + e + ")");
        }
        Path entry = packageDir.resolve(relativeEntry);
        if (!Files.isRegularFile(entry)) {
            fail("Entry " + entry + " missing: reinstall with scripts/install-mcp-servers.sh");
        }
        return entry;
    }

    public static Path everything() {
        return entry("@modelcontextprotocol/server-everything", EVERYTHING_VERSION, "dist/index.js");
    }

    public static Path filesystem() {
        return entry("@modelcontextprotocol/server-filesystem", FILESYSTEM_VERSION, "dist/index.js");
    }

    public static Path dbhub() {
        return entry("@bytebase/dbhub", DBHUB_VERSION, "dist/index.js");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
