package io.camelagents.examples.research;

import java.util.List;

import io.camelagents.pilot.PilotConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Submits one research task to an agent over Pilot and prints the result.
 * <pre>
 *   java ... ResearchRequester &lt;socket of this node&gt; &lt;agent address or hostname&gt; &lt;topic&gt;
 * </pre>
 */
public final class ResearchRequester {

    /** The result of one task. */
    public record Answer(String taskId, String status, List<?> history, String result) {
    }

    public static Answer ask(CamelContext context, String socketPath, String agent, String topic, long timeoutMs) {
        ProducerTemplate template = context.createProducerTemplate();
        Exchange reply = template.request("pilot:task?peer=" + agent + "&taskTimeout=" + timeoutMs + "&socketPath=" + socketPath,
                e -> e.getIn().setBody(topic));
        if (reply.getException() != null) {
            throw new IllegalStateException("research task failed: " + reply.getException().getMessage(), reply.getException());
        }
        return new Answer(reply.getMessage().getHeader(PilotConstants.TASK_ID, String.class),
                reply.getMessage().getHeader(PilotConstants.TASK_STATUS, String.class),
                reply.getMessage().getHeader(PilotConstants.TASK_STATUS_HISTORY, List.class),
                reply.getMessage().getBody(String.class));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ResearchRequester <socket path of this node> <agent address or hostname> <topic>");
            System.exit(2);
        }
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            Answer answer = ask(context, args[0], args[1], args[2], 60_000);
            System.out.println("task " + answer.taskId() + " " + answer.status() + " " + answer.history());
            System.out.println(answer.result());
        }
    }

    private ResearchRequester() {
    }
}
