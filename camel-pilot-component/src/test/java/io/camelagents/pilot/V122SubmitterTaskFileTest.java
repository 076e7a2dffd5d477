package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * v1.2.2 fact: the submitting daemon drops status updates for tasks it has no {@code submitted/<id>.json} for, so
 * our producer must record the task before the SUBMIT leaves. Modelled by {@link FakeV122SubmitterDaemon}, whose
 * executor reports before the submitter even hears that its task was accepted.
 */
class V122SubmitterTaskFileTest {

    @Test
    void theSubmittedFileExistsBeforeAFastExecutorsFirstUpdate(@TempDir Path dir) throws Exception {
        Path tasks = dir.resolve("tasks");
        try (FakeV122SubmitterDaemon daemon = new FakeV122SubmitterDaemon(dir, tasks);
             CamelContext context = new DefaultCamelContext()) {
            context.start();
            Exchange reply = context.createProducerTemplate().request("pilot:task?peer=0:0000.0000.0005&taskTimeout=20s"
                    + "&socketPath=" + daemon.socket + "&tasksDir=" + tasks, e -> e.getIn().setBody("count the papers"));

            assertNull(reply.getException());
            assertEquals(List.of("ACCEPTED stored", "EXECUTING stored", "COMPLETED stored"), daemon.updates,
                    "no update may reach the daemon before the task file exists");
            assertEquals("done: count the papers", reply.getMessage().getBody(String.class));
            assertEquals("COMPLETED", reply.getMessage().getHeader(PilotConstants.TASK_STATUS));
            assertEquals(List.of("COMPLETED"), reply.getMessage().getHeader(PilotConstants.TASK_STATUS_HISTORY));
        }
    }

    @Test
    void aRefusedSubmissionLeavesNoTaskFile(@TempDir Path dir) throws Exception {
        Path tasks = dir.resolve("tasks");
        try (FakeV122SubmitterDaemon daemon = new FakeV122SubmitterDaemon(dir, tasks);
             CamelContext context = new DefaultCamelContext()) {
            daemon.refuse = true;
            context.start();
            Exchange reply = context.createProducerTemplate().request("pilot:task?peer=0:0000.0000.0005&taskTimeout=20s"
                    + "&socketPath=" + daemon.socket + "&tasksDir=" + tasks, e -> e.getIn().setBody("x"));

            PilotTaskFailedException failure = assertInstanceOf(PilotTaskFailedException.class, reply.getException());
            assertTrue(failure.getMessage().contains("Polo score too low"), failure.getMessage());
            try (Stream<Path> files = Files.list(tasks.resolve("submitted"))) {
                assertEquals(0, files.count(), "a task the receiver refused leaves no file, as with pilotctl");
            }
        }
    }
}
