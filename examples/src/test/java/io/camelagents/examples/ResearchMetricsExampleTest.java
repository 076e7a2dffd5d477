package io.camelagents.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import io.camelagents.examples.research.ResearchAgentApp;
import io.camelagents.examples.research.ResearchEventsReader;
import io.camelagents.examples.research.ResearchInfrastructure;
import io.camelagents.examples.research.ResearchMetricsServer;
import io.camelagents.examples.research.ResearchRequester;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The demo's Prometheus endpoint: after one research task on real parts, a scrape over HTTP from 127.0.0.1 shows
 * the pilot events meters and the MCP call timer with non-zero values.
 */
class ResearchMetricsExampleTest {

    @Test
    void prometheusScrapeShowsPilotAndMcpMeters() throws Exception {
        try (ResearchInfrastructure infra = ResearchInfrastructure.start();
             CamelContext context = new DefaultCamelContext();
             ResearchMetricsServer metrics = ResearchMetricsServer.start(context, 0);
             ResearchEventsReader events = new ResearchEventsReader(infra.kafkaBootstrapServers())) {
            ResearchAgentApp.configure(context, infra, ResearchAgentApp.Dsl.JAVA);
            context.start();
            assertTrue(metrics.url().startsWith("http://127.0.0.1:"), metrics.url());
            ResearchAgentApp.awaitReady(context, infra, events, Duration.ofSeconds(60));
            ResearchRequester.Answer answer = ResearchRequester.ask(context, infra.requesterSocket(), infra.agentPeer(),
                    "quantum batteries", 120_000);
            assertEquals("SUCCEEDED", answer.status());
            assertNotNull(events.awaitRecord(answer.taskId(), Duration.ofSeconds(60)), "research.completed reached Kafka");

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(metrics.url())).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String text = response.body();
            // the agent published research.completed; the Kafka bridge's pilot:events consumer received it
            assertTrue(sample(text, "pilot_events_published_total", "topic=\"research.completed\"") >= 1, text);
            assertTrue(sample(text, "pilot_events_received_total", "topic=\"research.completed\"") >= 1, text);
            assertTrue(sample(text, "pilot_publish_wait_seconds_count", "topic=\"research.completed\"") >= 1, text);
            // the agent route called the SQL tool (the mcp producer records each call)
            assertTrue(sample(text, "mcp_calls_seconds_count", "server=\"database\"", "tool=\"papers_by_topic\"",
                    "outcome=\"ok\"") >= 1, text);
        }
    }

    /** The value of the first sample of {@code name} whose labels contain every given {@code label="value"}, or 0. */
    private static double sample(String text, String name, String... labels) {
        return text.lines().filter(l -> l.startsWith(name + "{"))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
