package io.camelagents.mcp.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The Java SDK test server over streamable HTTP on an embedded Tomcat 11, bound to 127.0.0.1 on a free port, at
 * {@code /mcp} below an optional context path.
 * With a token, requests without {@code Authorization: Bearer <token>} get 401 and a WWW-Authenticate challenge.
 */
public final class EmbeddedHttpMcpServer implements AutoCloseable {

    public static final String CHALLENGE = "Bearer resource_metadata=\"http://127.0.0.1/.well-known/oauth-protected-resource\"";

    private final Tomcat tomcat;
    private final McpSyncServer mcpServer;
    private final int port;

    public EmbeddedHttpMcpServer(String requiredToken) throws Exception {
        this(requiredToken, "");
    }

    /**
     * @param contextPath where the server is mounted, e.g. {@code /some/prefix}: it then answers only on
     *                    {@code <contextPath>/mcp}; any other path gets 404 from Tomcat
     */
    public EmbeddedHttpMcpServer(String requiredToken, String contextPath) throws Exception {
        File base = Files.createTempDirectory("mcp-tomcat").toFile();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").build();
        mcpServer = JavaSdkTestServer.build(transport);
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext(contextPath, base.getAbsolutePath());
        Wrapper wrapper = Tomcat.addServlet(context, "mcp", new BearerGuard(transport, requiredToken));
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "mcp");
        tomcat.start();
        port = connector.getLocalPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        mcpServer.closeGracefully();
        tomcat.stop();
        tomcat.destroy();
    }

    /** Checks the bearer token, then hands the request to the SDK servlet. */
    private static final class BearerGuard extends HttpServlet {
        private final HttpServlet delegate;
        private final String token;

        BearerGuard(HttpServlet delegate, String token) {
            this.delegate = delegate;
            this.token = token;
        }

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            delegate.init(config);
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            if (token != null && !("Bearer " + token).equals(req.getHeader("Authorization"))) {
                resp.setHeader("WWW-Authenticate", CHALLENGE);
                resp.sendError(401);
                return;
            }
            delegate.service(req, resp);
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }
    }
}
