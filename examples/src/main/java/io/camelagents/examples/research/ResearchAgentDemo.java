package io.camelagents.examples.research;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The one-command demo: starts everything on embedded defaults (see {@link ResearchInfrastructure}), runs the
 * research agent, submits one sample task from the requester node, prints the task result and the Kafka record the
 * research.completed event became, and stops everything it started.
 * <pre>
 *   bash scripts/demo.sh                       # everything embedded
 *   bash scripts/demo.sh -Ddemo.dsl=yaml       # the agent route from camel/research-agent.camel.yaml
 *   bash scripts/demo.sh -Ddemo.topic="soil carbon" -Dkafka.bootstrap.servers=broker:9092
 *   bash scripts/demo.sh -Ddemo.metrics.port=0  # Prometheus text on a free loopback port (default 9464)
 * </pre>
 */
public final class ResearchAgentDemo {
    public static void main(String[] args) throws Exception {
        String topic = System.getProperty("demo.topic", "quantum batteries");
        ResearchAgentApp.Dsl dsl = "yaml".equalsIgnoreCase(System.getProperty("demo.dsl")) ? ResearchAgentApp.Dsl.YAML : ResearchAgentApp.Dsl.JAVA;
        int exit = 0;
        int metricsPort = Integer.getInteger("demo.metrics.port", 9464);
        try (ResearchInfrastructure infra = ResearchInfrastructure.start();
             CamelContext context = new DefaultCamelContext();
             ResearchMetricsServer metrics = ResearchMetricsServer.start(context, metricsPort)) {
            ResearchAgentApp.configure(context, infra, dsl);
            context.start();
            System.out.println("== metrics (Prometheus text, pilot_* and mcp_* meters): " + metrics.url());
            try (ResearchEventsReader events = new ResearchEventsReader(infra.kafkaBootstrapServers())) {
                ResearchAgentApp.awaitReady(context, infra, events, Duration.ofSeconds(60));
                System.out.println();
                System.out.println("== agent ready: its consumers serve and a research.probe event went through the bridge to Kafka");

                System.out.println("== requester submits research task: \"" + topic + "\" (agent route: " + dsl + " DSL)");
                ResearchRequester.Answer answer = ResearchRequester.ask(context, infra.requesterSocket(), infra.agentPeer(), topic, 120_000);
                System.out.println("task " + answer.taskId() + ": " + answer.status() + " " + answer.history());
                System.out.println(answer.result());

                System.out.println("== Kafka topic " + ResearchAgentApp.KAFKA_TOPIC + " at " + infra.kafkaBootstrapServers());
                ConsumerRecord<String, String> record = events.awaitRecord(answer.taskId(), Duration.ofSeconds(60));
                if (record == null) {
                    System.out.println("no record for task " + answer.taskId() + " arrived within 60 s");
                    exit = 1;
                } else {
                    System.out.println("key=" + record.key() + " partition=" + record.partition() + " offset=" + record.offset());
                    for (Header h : record.headers()) {
                        System.out.println("header " + h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
                    }
                    System.out.println("value=" + record.value());
                }
                System.out.println("== meters after the task (" + metrics.url() + ")");
                metrics.registry().scrape().lines()
                        .filter(l -> l.startsWith("pilot_events_") || l.startsWith("mcp_calls_seconds_count"))
                        .forEach(System.out::println);
            }
        }
        System.out.println("== stopped: Camel, MCP servers, Kafka, PostgreSQL, Pilot daemons");
        System.exit(exit);
    }

    private ResearchAgentDemo() {
    }
}
