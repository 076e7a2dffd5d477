package io.camelagents.mcp;

import java.util.List;
import java.util.Map;

import io.camelagents.mcp.metrics.McpMetrics;
import io.camelagents.mcp.testsupport.CamelHarness;

/**
 * Runs inside {@link WithoutMicrometerTest}'s class loader, which has no Micrometer: the component with a real MCP
 * server, one tool call. Returns what it saw, for the test to check.
 */
public final class WithoutMicrometerCheck {
    private WithoutMicrometerCheck() {
    }

    public static String run(List<String> serverCommand) throws Exception {
        try (CamelHarness camel = new CamelHarness(CamelHarness.stdio("java", serverCommand))) {
            Object reply = camel.request("mcp:java/echo", Map.of("message", "no micrometer"));
            return "metrics=" + (camel.component().metrics() == McpMetrics.NONE ? "NONE" : camel.component().metrics().getClass().getName())
                    + " reply=" + reply;
        }
    }
}
