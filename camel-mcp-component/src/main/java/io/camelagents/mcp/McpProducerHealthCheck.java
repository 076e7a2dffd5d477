package io.camelagents.mcp;

import java.util.Map;

import io.camelagents.mcp.internal.McpServerConnection;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of an {@code mcp:} producer: DOWN while the last attempt to reach its server failed (start-up,
 * handshake or lost connection). A lazily started server that was never used is UP.
 */
public class McpProducerHealthCheck extends AbstractHealthCheck {

    private final McpServerConnection connection;

    public McpProducerHealthCheck(McpServerConnection connection, String routeId) {
        super("camel", "producer:mcp-" + routeId);
        this.connection = connection;
    }

    @Override
    public boolean isLiveness() {
        return false; // a down MCP server makes the route unready, not the JVM dead
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("mcp.server", connection.name());
        builder.detail("mcp.transport", String.valueOf(connection.definition().effectiveTransport()));
        builder.detail("mcp.state", connection.state());
        builder.detail("mcp.sessions.started", connection.sessionsStarted());
        builder.detail("mcp.failures", connection.failures());
        builder.detail("mcp.stdout.stray.lines", connection.strayStdoutLines());
        builder.detail("mcp.stderr.lines", connection.stderrLines());
        if (connection.protocolVersion() != null) {
            builder.detail("mcp.protocol.version", connection.protocolVersion());
        }
        if (connection.isLastAttemptFailed()) {
            builder.message(connection.lastError());
            builder.down();
        } else {
            builder.up();
        }
    }
}
