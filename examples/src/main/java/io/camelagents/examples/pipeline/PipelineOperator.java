package io.camelagents.examples.pipeline;

import java.util.List;

import io.camelagents.pilot.PilotConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Asks agent A over Pilot to export one batch ({@code export <YYYY-MM-DD>}); the result is A's data.ready payload. */
public final class PipelineOperator {

    /** The outcome of the export task. */
    public record Export(String taskId, String status, List<?> history, String dataReady) {
    }

    private PipelineOperator() {
    }

    public static Export export(CamelContext context, String socketPath, String agentA, String batch, long timeoutMs) {
        ProducerTemplate template = context.createProducerTemplate();
        Exchange reply = template.request("pilot:task?peer=" + agentA + "&taskTimeout=" + timeoutMs + "&socketPath=" + socketPath,
                e -> e.getIn().setBody("export " + batch));
        if (reply.getException() != null) {
            throw new IllegalStateException("export task failed: " + reply.getException().getMessage(), reply.getException());
        }
        return new Export(reply.getMessage().getHeader(PilotConstants.TASK_ID, String.class),
                reply.getMessage().getHeader(PilotConstants.TASK_STATUS, String.class),
                reply.getMessage().getHeader(PilotConstants.TASK_STATUS_HISTORY, List.class),
                reply.getMessage().getBody(String.class));
    }
}
