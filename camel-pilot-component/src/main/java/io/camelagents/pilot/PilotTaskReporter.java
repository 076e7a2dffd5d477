package io.camelagents.pilot;

import java.time.Duration;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.driver.PilotTimeoutException;
import io.camelagents.pilot.protocol.TaskFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one task's status updates and results to its submitter: on the submit connection when the submitter
 * asked for that (one connection per task), otherwise, or once that connection broke, on new connections to the
 * submitter's port 1003 as v1.2.2 does (frames given together share one connection, like its RESULTS+SUCCEEDED).
 */
final class PilotTaskReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PilotTaskReporter.class);

    private final PilotClient client;
    private final PilotAddress submitter;
    private final Duration dialTimeout;
    private PilotConnection replyConnection;

    PilotTaskReporter(PilotClient client, PilotAddress submitter, PilotConnection replyConnection, Duration dialTimeout) {
        this.client = client;
        this.submitter = submitter;
        this.replyConnection = replyConnection;
        this.dialTimeout = dialTimeout;
    }

    void send(TaskFrame... frames) throws Exception {
        if (replyConnection != null) {
            try {
                for (TaskFrame f : frames) {
                    f.writeTo(replyConnection.getOutputStream());
                }
                return;
            } catch (Exception e) {
                LOG.debug("submit connection to {} broke ({}); reporting on new connections", submitter, e.getMessage());
                close();
            }
        }
        dialBack(client.driver(), frames);
    }

    /** Writes the frames on a new connection to the submitter's 1003, then waits for it to close (keeps order). */
    private void dialBack(PilotDriver driver, TaskFrame... frames) throws Exception {
        try (PilotConnection c = driver.dial(new PilotSocketAddress(submitter, TaskFrame.TASK_PORT), dialTimeout)) {
            for (TaskFrame f : frames) {
                f.writeTo(c.getOutputStream());
            }
            c.setReadTimeoutMillis(10_000);
            try {
                while (c.getInputStream().read(new byte[256]) >= 0) {
                    // drain until the peer closes
                }
            } catch (PilotTimeoutException e) {
                LOG.debug("task submitter {} did not close within 10 s", submitter);
            }
        }
    }

    @Override
    public void close() {
        if (replyConnection != null) {
            try {
                replyConnection.close();
            } catch (Exception ignored) {
                // best effort
            }
            replyConnection = null;
        }
    }
}
