package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * v1.2.2 fact: a v1.2.2 task service reads exactly ONE frame from each incoming connection to port 1003 and ignores
 * the rest. Our {@code pilot:task} consumer (node B, real newest daemons) must therefore send every status update
 * and the results to such a submitter on connections of their own. Node A plays the v1.2.2 submitter (modelled:
 * the v1.2.2 binaries cannot be installed here): its own service on 1003 reads one frame per connection and
 * closes, and it submits without our {@code reply_on_connection} extension.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "v122x")
class V122TaskExecutorTest {

    @Test
    void everyUpdateReachesASubmitterThatReadsOneFramePerConnection(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        try (CamelContext context = new DefaultCamelContext()) {
            context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(5000);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pilot:task?socketPath=" + b.socketPath()).routeId("agent")
                            .choice().when(body().isEqualTo("fail")).throwException(new IllegalStateException("no"))
                            .end()
                            .setBody(simple("answer to ${body}"));
                }
            });
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(30));

            try (PilotDriver submitter = PilotDriver.connect(a.socketPath().toString());
                 PilotListener taskPort = submitter.listen(TaskFrame.TASK_PORT)) {
                PilotAddress executor = PilotAddress.parse(b.address());

                submit(submitter, executor, a, "ok-1", "old school");
                List<String> seen = readOneFramePerConnection(taskPort, "ok-1");
                assertEquals(List.of("ACCEPTED", "EXECUTING", "RESULTS: answer to old school"), seen,
                        "each update on its own connection; the results complete the task (v1.2.2 marks it COMPLETED)");

                submit(submitter, executor, a, "fail-1", "fail");
                assertEquals(List.of("ACCEPTED", "EXECUTING", "FAILED"), readOneFramePerConnection(taskPort, "fail-1"));
            }
        }
    }

    private static void submit(PilotDriver submitter, PilotAddress executor, PilotNode from, String id, String text) throws Exception {
        try (PilotConnection c = submitter.dial(new PilotSocketAddress(executor, TaskFrame.TASK_PORT), Duration.ofSeconds(30))) {
            TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.Submit(id, text, from.address(), executor.toString()))
                    .writeTo(c.getOutputStream());
            c.setReadTimeoutMillis(30_000);
            TaskFrame reply = TaskFrame.readFrom(c.getInputStream());
            assertEquals(200, reply.as(TaskMessages.SubmitResponse.class).status());
            assertNull(TaskFrame.readFrom(c.getInputStream()), "the receiver closes after answering");
        }
    }

    /** A v1.2.2 task service: accept, read the first frame, close; until the task reached a final state. */
    private static List<String> readOneFramePerConnection(PilotListener taskPort, String id) throws Exception {
        List<String> seen = new ArrayList<>();
        for (int connections = 0; connections < 10; connections++) {
            TaskFrame f;
            try (PilotConnection in = taskPort.accept(Duration.ofSeconds(30))) {
                in.setReadTimeoutMillis(30_000);
                f = TaskFrame.readFrom(in.getInputStream());
            }
            if (f == null) {
                continue;
            }
            if (f.type() == TaskFrame.Type.SEND_RESULTS) {
                TaskMessages.Results r = f.as(TaskMessages.Results.class);
                assertEquals(id, r.taskId());
                seen.add("RESULTS: " + r.resultText());
                return seen;
            }
            TaskMessages.StatusUpdate u = f.as(TaskMessages.StatusUpdate.class);
            assertEquals(id, u.taskId());
            seen.add(u.status());
            if (TaskMessages.Status.isFinal(u.status())) {
                return seen;
            }
        }
        return seen;
    }
}
