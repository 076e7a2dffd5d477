package io.camelagents.mcp.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

import io.camelagents.mcp.McpServerDefinition;

/**
 * Definitions for the small TypeScript-SDK test server (src/test/resources/node/flaky-server.cjs), started behind an
 * {@code sh -c} wrapper like {@code npx} does, so the real server is a grandchild of the JVM. Each definition gets a
 * unique marker in its command line for counting processes.
 */
public final class FlakyNodeServer {

    private FlakyNodeServer() {
    }

    public static String newMarker() {
        return "mcp-test-" + UUID.randomUUID();
    }

    public static McpServerDefinition wrapped(String name, String marker, String... extraArgs) throws IOException {
        Path script = script();
        NpmServers.everything(); // the TypeScript SDK comes with server-everything: fail clearly if missing
        StringBuilder command = new StringBuilder(NpmServers.node()).append(" \"$0\" \"$@\"; exit $?");
        McpServerDefinition d = new McpServerDefinition();
        d.setName(name);
        d.setCommand("sh");
        java.util.List<String> args = new java.util.ArrayList<>(List.of("-c", command.toString(), script.toString(),
                "--marker=" + marker));
        args.addAll(List.of(extraArgs));
        d.setArgs(args);
        d.getEnv().put("NODE_PATH", NpmServers.modulesDir().toString());
        d.setRequestTimeout(10_000);
        d.setInitializationTimeout(20_000);
        return d;
    }

    private static synchronized Path script() throws IOException {
        Path target = Path.of("target", "test-node", "flaky-server.cjs").toAbsolutePath();
        Files.createDirectories(target.getParent());
        try (InputStream in = FlakyNodeServer.class.getResourceAsStream("/node/flaky-server.cjs")) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
