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

    /** The entry script of an installed package: {@code dist/index.js} for all three servers we pin. */
    public static Path entry(String packageName) {
        Path pkg = toolsDir().resolve("mcp-servers").resolve("node_modules").resolve(packageName);
        Path entry = pkg.resolve("dist").resolve("index.js");
        if (!Files.isRegularFile(entry)) {
            throw new IllegalStateException("MCP server " + packageName + " is not installed at " + pkg
                    + ": run scripts/install-deps.sh");
        }
        return entry;
    }
}
