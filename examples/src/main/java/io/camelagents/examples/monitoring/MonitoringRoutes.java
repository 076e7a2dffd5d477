package io.camelagents.examples.monitoring;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Monitoring: an anomaly published as a Pilot event ({@code anomaly.*}, JSON with a {@code service} field) fans out
 * to two responders. One reads the service's runbook through an MCP tool (server {@code runbooks}, the filesystem
 * server) and hands it to {@code {{monitoring.runbookUri}}}; the other POSTs the anomaly to the pager at
 * {@code {{monitoring.pagerUrl}}}. Needs property {@code monitoring.socket} and {@code monitoring.runbookDir}.
 */
public class MonitoringRoutes extends RouteBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void configure() {
        from("pilot:events?topic=anomaly.*&socketPath={{monitoring.socket}}").routeId("anomaly-fanout")
                .convertBodyTo(String.class)
                .multicast().to("direct:runbook", "direct:pager");

        from("direct:runbook").routeId("anomaly-runbook")
                .setHeader("service", method(MonitoringRoutes.class, "service"))
                .setBody(exchange -> runbookArguments(exchange, Path.of(exchange.getContext().resolvePropertyPlaceholders("{{monitoring.runbookDir}}"))))
                .to("mcp:runbooks/read_text_file?failOnToolError=false")
                .to("{{monitoring.runbookUri}}");

        from("direct:pager").routeId("anomaly-pager")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .removeHeaders("CamelPilot*")
                .to("{{monitoring.pagerUrl}}");
    }

    /** The service named in the anomaly, reduced to lowercase letters, digits and hyphens (it becomes a file name). */
    public static String service(String anomalyJson) throws Exception {
        JsonNode node = JSON.readTree(anomalyJson);
        String s = node.path("service").asText("unknown").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        return s.isEmpty() ? "unknown" : s;
    }

    private static Map<String, Object> runbookArguments(Exchange exchange, Path runbookDir) {
        return Map.of("path", runbookDir.resolve(exchange.getIn().getHeader("service", String.class) + ".md").toString());
    }
}
