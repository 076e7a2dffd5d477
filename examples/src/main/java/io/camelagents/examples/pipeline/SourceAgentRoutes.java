package io.camelagents.examples.pipeline;

import org.apache.camel.builder.RouteBuilder;

/**
 * Agent A, Java DSL (the same routes as {@code camel/pipeline-agent-a.camel.yaml}). Serves {@code export <date>}
 * (database 1 through {@code mcp:sensors/readings_page}, page by page, into a dataset file; then {@code data.ready}
 * on A's event stream) and {@code send <dataset id>} (the file over data exchange, port 1001, to the node that asked).
 * Needs bean {@code sourceSteps} and property {@code agent.socket}.
 */
public class SourceAgentRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from("pilot:task?socketPath={{agent.socket}}").routeId("pipeline-a-tasks")
                .bean("sourceSteps", "parseCommand")
                .choice()
                    .when(simple("${header.pipelineCommand} == 'export'")).to("direct:pipeline-a-export")
                    .otherwise().to("direct:pipeline-a-send")
                .end();

        from("direct:pipeline-a-export").routeId("pipeline-a-export")
                .doTry()
                    .bean("sourceSteps", "startExport")
                    // the batch date and paging cursor go to SQL as bound parameters ($1..$3), never as SQL text
                    .loopDoWhile(simple("${exchangeProperty.morePages}"))
                        .setBody().method("sourceSteps", "pageArguments")
                        .to("mcp:sensors/readings_page?resultMode=json")
                        .bean("sourceSteps", "appendPage")
                    .end()
                    .setBody().method("sourceSteps", "sealExport")
                    .to("pilot:events?topic=data.ready&socketPath={{agent.socket}}")
                .endDoTry()
                .doCatch(Exception.class)
                    // deletes the partial file, then fails the task with the original exception
                    .bean("sourceSteps", "discardExport")
                .end();

        // a multi-MiB push: the receiver's acknowledgement may take a while on a loaded machine
        from("direct:pipeline-a-send").routeId("pipeline-a-send")
                .bean("sourceSteps", "prepareSend")
                .to("pilot:data?dataType=file&requestTimeout=120s&socketPath={{agent.socket}}")
                .setBody().method("sourceSteps", "sendReport");
    }
}
