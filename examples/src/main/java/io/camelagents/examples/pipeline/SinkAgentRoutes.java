package io.camelagents.examples.pipeline;

import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Agent B, Java DSL (the same routes as {@code camel/pipeline-agent-b.camel.yaml}). Subscribes to {@code data.*} at
 * A's broker; on {@code data.ready} asks A for the dataset with a task ({@code send <id>}, retried); receives the
 * file over data exchange, checks its SHA-256 against the announcement, validates and summarises the whole
 * dataset, writes the summaries through {@code mcp:analytics/store_sensor_summaries} (one atomic statement) and
 * publishes {@code data.processed}, or {@code data.rejected} with the reason. Needs bean {@code sinkSteps} and
 * properties {@code agent.socket}, {@code source.peer}, {@code agent.inbox}, {@code agent.received}.
 */
public class SinkAgentRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from("pilot:events?topic=data.*&broker={{source.peer}}&socketPath={{agent.socket}}").routeId("pipeline-b-announcements")
                .filter(method("sinkSteps", "isAnnouncement"))
                    .setBody().method("sinkSteps", "announce")
                    .filter(simple("${body} != null"))
                        // the request may take minutes: not on the subscription's thread
                        .to("seda:pipeline-b-requests?size=100");

        // A pushes the file while this task runs; a failed or stalled transfer fails the task, and it is asked again
        from("seda:pipeline-b-requests").routeId("pipeline-b-requests")
                .errorHandler(defaultErrorHandler().maximumRedeliveries(3).redeliveryDelay(2000)
                        .retryAttemptedLogLevel(LoggingLevel.WARN))
                // InOut: wait for A's answer (a seda exchange is InOnly, which would only submit the task)
                .to(ExchangePattern.InOut, "pilot:task?peer={{source.peer}}&taskTimeout=180s&socketPath={{agent.socket}}")
                .log("A sent the dataset: ${body}");

        from("pilot:data?socketPath={{agent.socket}}&inboxDir={{agent.inbox}}&receivedDir={{agent.received}}")
                .routeId("pipeline-b-datasets")
                .doTry()
                    .bean("sinkSteps", "verify")
                    .filter(simple("${exchangeProperty.duplicate} == false"))
                        .setBody().method("sinkSteps", "summarise")
                        // the dataset id and the summaries are bound to $1 and $2: never SQL text
                        .to("mcp:analytics/store_sensor_summaries?resultMode=json")
                        .setBody().method("sinkSteps", "processedEvent")
                        .to("pilot:events?topic=data.processed&socketPath={{agent.socket}}")
                    .end()
                .endDoTry()
                .doCatch(Exception.class)
                    .setBody().method("sinkSteps", "rejectedEvent")
                    .to("pilot:events?topic=data.rejected&socketPath={{agent.socket}}")
                .end();
    }
}
