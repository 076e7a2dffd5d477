package io.camelagents.brokers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where scripts/install-mcp-servers.sh put the pinned npm MCP servers: {@code <tools>/mcp-servers/node_modules}.
 * The tools directory is system property {@code agents.tools.dir}, else env {@code AGENTS_TOOLS_DIR}, else the
 * nearest {@code .tools} above the working directory. A missing server is an error, never a skip.
 */
public final class McpServerPackages {
    public static final String EVERYTHING = "@modelcontextprotocol/server-everything";
    public static final String FILESYSTEM = "@modelcontextprotocol/server-filesystem";
    public static final String DBHUB = "@bytebase/dbhub";
    /** Pinned like scripts/install-mcp-servers.sh (keep the two in sync). */
    private static final java.util.Map<String, String> VERSIONS = java.util.Map.of(
            EVERYTHING, "2026.8.31", FILESYSTEM, "2026.8.31", DBHUB, "0.21.2");

    private McpServerPackages() {
    }

    public static Path toolsDir() {
        String dir = System.getProperty("agents.tools.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("AGENTS_TOOLS_DIR");
        }
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".tools"))) {
                return p.resolve(".tools");
            }
        }
        return Path.of(".tools").toAbsolutePath();
    }

    /** The {@code node} executable on PATH. */
    public static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "node"))) {
                return Path.of(dir, "node").toString();
            }
        }
        throw new IllegalStateException("node not found on PATH (Node >= 20 is required for the npm MCP servers)");
    }

    public static Path modulesDir() {
        return toolsDir().resolve("mcp-servers").resolve("node_modules");
    }

    /** Pinned version of one of the servers above. */
    public static String version(String packageName) {
        String v = VERSIONS.get(packageName);
        if (v == null) {
            throw new IllegalArgumentException("not a pinned MCP server package: " + packageName);
        }
        return v;
    }

    /**
     * The entry script ({@code dist/index.js}) of an installed server, after checking that the pinned version is
     * the one installed.
     */
    public static Path entry(String packageName) {
        String version = version(packageName);
        Path pkg = modulesDir().resolve(packageName);
        Path entry = pkg.resolve("dist").resolve("index.js");
        String json;
        try {
            json = Files.readString(pkg.resolve("package.json"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("MCP server " + packageName + "@" + version + " is not installed in " + modulesDir()
                    + ": run scripts/install-deps.sh");
        }
        if (!json.contains("\"version\": \"" + version + "\"") || !Files.isRegularFile(entry)) {
            throw new IllegalStateException("MCP server " + packageName + " in " + pkg + " is not version " + version
                    + " with dist/index.js: run scripts/install-deps.sh");
        }
        return entry;
    }
}
