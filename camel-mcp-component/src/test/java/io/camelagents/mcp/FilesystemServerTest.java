package io.camelagents.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.camelagents.mcp.testsupport.CamelHarness;
import io.camelagents.mcp.testsupport.NpmServers;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * npm {@code @modelcontextprotocol/server-filesystem} limited to a temp directory, with a read-only allow-list on
 * the component: write tools are refused before anything reaches the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesystemServerTest {

    private Path root;
    private Path allowed;
    private CamelHarness camel;

    @BeforeAll
    void start() throws Exception {
        // Real path: the server compares resolved paths against its allowed directory.
        root = Files.createTempDirectory("mcp-fs").toRealPath();
        allowed = Files.createDirectories(root.resolve("allowed"));
        Files.writeString(allowed.resolve("notes.txt"), "line one\nline two\n");
        McpServerDefinition files = CamelHarness.stdio("files",
                List.of(NpmServers.node(), NpmServers.filesystem().toString(), allowed.toString()));
        files.setAllowedTools(List.of("read_text_file", "list_*"));
        camel = new CamelHarness(files);
    }

    @AfterAll
    void stop() throws Exception {
        camel.close();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void readsAndListsInsideTheAllowedDirectory() {
        assertEquals("line one\nline two\n",
                camel.request("mcp:files/read_text_file", Map.of("path", allowed.resolve("notes.txt").toString())));
        String listing = (String) camel.request("mcp:files/list_directory", Map.of("path", allowed.toString()));
        assertTrue(listing.contains("notes.txt"), listing);
    }

    @Test
    void serverSideRefusalIsAToolError() {
        Exchange outside = camel.send("mcp:files/read_text_file", Map.of("path", "/etc/passwd"));
        McpToolErrorException error = assertInstanceOf(McpToolErrorException.class, outside.getException());
        assertTrue(error.getMessage().contains("Access denied"), error.getMessage());
    }

    @Test
    void writeToolsAreRefusedBeforeReachingTheServer() throws Exception {
        Path target = allowed.resolve("written.txt");
        // In the URI: the endpoint cannot even be created.
        Exception creation = assertThrows(ResolveEndpointFailedException.class,
                () -> camel.context().getEndpoint("mcp:files/write_file"));
        assertTrue(creation.getCause().getMessage().contains("not in allowedTools"), creation.getCause().getMessage());
        // In a header: refused at call time, nothing written.
        Exchange viaHeader = camel.send("mcp:files/read_text_file",
                Map.of("path", target.toString(), "content", "should not exist"),
                Map.of(McpConstants.TOOL_NAME, "write_file"));
        assertInstanceOf(McpToolNotAllowedException.class, viaHeader.getException());
        assertFalse(Files.exists(target));
        // An allow-listed tool from a header is fine.
        Exchange allowedHeader = camel.send("mcp:files/read_text_file", Map.of("path", allowed.toString()),
                Map.of(McpConstants.TOOL_NAME, "list_directory"));
        assertTrue(String.valueOf(allowedHeader.getMessage().getBody()).contains("notes.txt"));
    }

    @Test
    void listToolsShowsOnlyAllowedTools() {
        @SuppressWarnings("unchecked")
        List<io.camelagents.mcp.model.McpToolInfo> tools =
                (List<io.camelagents.mcp.model.McpToolInfo>) camel.request("mcp:files?operation=listTools", null);
        assertFalse(tools.isEmpty());
        assertTrue(tools.stream().allMatch(t -> t.name().equals("read_text_file") || t.name().startsWith("list_")),
                tools.toString());
    }
}
