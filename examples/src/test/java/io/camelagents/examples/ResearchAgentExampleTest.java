package io.camelagents.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.camelagents.examples.research.ResearchAgentApp;
import io.camelagents.examples.research.ResearchEventsReader;
import io.camelagents.examples.research.ResearchInfrastructure;
import io.camelagents.examples.research.ResearchRequester;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The research agent end to end, in both DSLs, on real parts: two Pilot daemons, PostgreSQL behind dbhub, the
 * filesystem MCP server, an in-JVM Kafka broker. The task text reaches SQL only as a bound parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResearchAgentExampleTest {
    private ResearchInfrastructure infra;

    @BeforeAll
    void start() throws Exception {
        infra = ResearchInfrastructure.start();
    }

    @AfterAll
    void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ResearchAgentApp.Dsl.class)
    void taskQueriesTheDatabaseAnswersAndReachesKafka(ResearchAgentApp.Dsl dsl) throws Exception {
        try (CamelContext context = new DefaultCamelContext();
             ResearchEventsReader events = new ResearchEventsReader(infra.kafkaBootstrapServers())) {
            ResearchAgentApp.configure(context, infra, dsl);
            context.start();
            // consumers serve and a probe went through the events bridge: research.completed will reach Kafka
            ResearchAgentApp.awaitReady(context, infra, events, Duration.ofSeconds(60));

            ResearchRequester.Answer answer = ResearchRequester.ask(context, infra.requesterSocket(), infra.agentPeer(),
                    "quantum batteries", 120_000);
            assertEquals("SUCCEEDED", answer.status());
            assertEquals(List.of("ACCEPTED", "EXECUTING", "SUCCEEDED"), answer.history());
            assertTrue(answer.result().contains("3 papers in the library"), answer.result());
            assertTrue(answer.result().contains("Superabsorption in Dicke quantum batteries (2022)"), answer.result());
            assertTrue(answer.result().contains("Ask the lab about the 2025 microcavity sample"), answer.result());

            ConsumerRecord<String, String> record = events.awaitRecord(answer.taskId(), Duration.ofSeconds(60));
            assertNotNull(record, "research.completed reached Kafka");
            assertEquals("research.completed", record.key());
            assertTrue(record.value().contains("\"papers\":3"), record.value());

            // SQL injection through the task text: bound as a parameter, it is just a topic nobody wrote about
            ResearchRequester.Answer injected = ResearchRequester.ask(context, infra.requesterSocket(), infra.agentPeer(),
                    "quantum batteries' OR '1'='1", 120_000);
            assertEquals("SUCCEEDED", injected.status());
            assertTrue(injected.result().contains("0 papers in the library"), injected.result());
            assertTrue(injected.result().contains("Team notes: none"), injected.result());
        }
    }
}
