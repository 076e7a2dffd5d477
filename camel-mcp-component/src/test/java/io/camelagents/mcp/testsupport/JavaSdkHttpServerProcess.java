package io.camelagents.mcp.testsupport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Java SDK test server over streamable HTTP ({@link EmbeddedHttpMcpServer}) in a child JVM, so a test can count
 * the client's threads without the server's (Tomcat's workers, the SDK's handler threads). The child prints its
 * base URL on stdout and exits when its stdin closes.
 */
public final class JavaSdkHttpServerProcess implements AutoCloseable {
    private static final String URL_LINE = "MCP_URL ";

    private final Process process;
    private final String baseUrl;

    public JavaSdkHttpServerProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-Dlog4j2.configurationFile=log4j2-stdio-server.properties", "-cp", System.getProperty("java.class.path"),
                JavaSdkHttpServerProcess.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String url = null;
        for (int i = 0; i < 100 && url == null; i++) { // bounded: the child prints little before its URL
            String line = out.readLine();
            if (line == null) {
                break;
            }
            if (line.startsWith(URL_LINE)) {
                url = line.substring(URL_LINE.length()).trim();
            }
        }
        if (url == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the HTTP MCP test server did not start");
        }
        baseUrl = url;
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Child JVM: serve until stdin closes. */
    public static void main(String[] args) throws Exception {
        try (EmbeddedHttpMcpServer server = new EmbeddedHttpMcpServer(null)) {
            System.out.println(URL_LINE + server.baseUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for EOF
            }
        }
    }
}
