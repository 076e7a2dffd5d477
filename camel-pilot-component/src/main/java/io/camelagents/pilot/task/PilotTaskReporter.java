package io.camelagents.pilot.task;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.camelagents.pilot.PilotClient;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.driver.PilotTimeoutException;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages.Status;
import io.camelagents.pilot.protocol.TaskMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one task's status updates and results to its submitter. When the submitter asked for it (our producer
 * does), everything travels on the submit connection. Otherwise, or once that connection broke, each frame goes
 * on a connection of its own to the submitter's port 1003: a v1.2.2 task service reads exactly one frame per
 * connection and ignores the rest, as v1.2.2's own executor knows.
 */
public final class PilotTaskReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PilotTaskReporter.class);
    /** How long a dial-back waits for the submitter to close after reading its one frame. */
    private static final int CLOSE_WAIT_MILLIS = 10_000;

    private final PilotClient client;
    private final String taskId;
    private final PilotAddress submitter;
    private final Duration dialTimeout;
    private final Outcomes outcomes;
    private PilotTaskReplyChannel reply;

    /**
     * What became of reports that could not take the planned way. Writes into a connection the submitter closed
     * are not failures for the daemon (it only logs them), so the reporter checks before writing and counts.
     */
    public static final class Outcomes {
        private final AtomicLong redirected = new AtomicLong();
        private final AtomicLong undelivered = new AtomicLong();

        /** Reports sent to the submitter's port 1003 because its submit connection was gone. */
        public long redirected() {
            return redirected.get();
        }

        /** Tasks whose outcome could not be delivered to the submitter at all. */
        public long undelivered() {
            return undelivered.get();
        }

        public void redirected(String taskId, PilotAddress submitter, String why) {
            redirected.incrementAndGet();
            LOG.info("task {}: the submit connection to {} is gone ({}); reporting on its port {} instead", taskId, submitter,
                    why, TaskFrame.TASK_PORT);
        }

        public void undelivered(String taskId, PilotAddress submitter, Exception e) {
            undelivered.incrementAndGet();
            LOG.warn("task {}: could not report to submitter {} (connection gone, and port {} did not take it): {}", taskId,
                    submitter, TaskFrame.TASK_PORT, e.getMessage());
        }
    }

    /** @param reply the submit connection to report on (null: report on the submitter's port 1003) */
    public PilotTaskReporter(PilotClient client, String taskId, PilotAddress submitter, PilotTaskReplyChannel reply,
            Duration dialTimeout, Outcomes outcomes) {
        this.client = client;
        this.taskId = taskId;
        this.submitter = submitter;
        this.reply = reply;
        this.dialTimeout = dialTimeout;
        this.outcomes = outcomes;
    }

    /**
     * Reports ACCEPTED then EXECUTING. On the submit connection both go in one write (one packet instead of two,
     * fewer round trips for the daemons' transport); towards a task port each on its own connection.
     */
    public void started() throws Exception {
        if (!writeOnReplyConnection(false, statusFrame(Status.ACCEPTED), statusFrame(Status.EXECUTING))) {
            dialBack(statusFrame(Status.ACCEPTED));
            dialBack(statusFrame(Status.EXECUTING));
        }
    }

    public void status(String status, String justification) throws Exception {
        TaskFrame frame = TaskFrame.of(TaskFrame.Type.STATUS_UPDATE, new TaskMessages.StatusUpdate(taskId, status, justification));
        if (!writeOnReplyConnection(Status.isFinal(status), frame)) {
            dialBack(frame);
        }
    }

    /**
     * Reports success. On the submit connection: results, then SUCCEEDED, in one write. Towards a task port: the results alone,
     * which the submitter's service records as COMPLETED (v1.2.2's executor appends SUCCEEDED to the results
     * connection, where it is never read; a SUCCEEDED on a connection of its own would overwrite COMPLETED at
     * an arbitrary later moment).
     */
    public void succeeded(TaskMessages.Results results) throws Exception {
        TaskFrame resultsFrame = TaskFrame.of(TaskFrame.Type.SEND_RESULTS, results);
        if (!writeOnReplyConnection(true, resultsFrame, statusFrame(Status.SUCCEEDED))) {
            dialBack(resultsFrame);
        }
    }

    private TaskFrame statusFrame(String status) {
        return TaskFrame.of(TaskFrame.Type.STATUS_UPDATE, new TaskMessages.StatusUpdate(taskId, status, ""));
    }

    /**
     * Writes {@code frames} in one write; false when there is no submit connection (any more): the caller reports
     * on the task port instead. {@code last}: the frames end the task's reports (a kept connection is made ready
     * for the next SUBMIT first).
     */
    private boolean writeOnReplyConnection(boolean last, TaskFrame... frames) {
        if (reply == null) {
            return false;
        }
        PilotConnection connection = reply.connection();
        if (!connection.isOpen()) {
            outcomes.redirected(taskId, submitter, "the submitter closed it");
            close();
            return false;
        }
        try {
            if (last) {
                reply.finalReportStarts();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (TaskFrame frame : frames) {
                bytes.write(frame.toBytes());
            }
            connection.getOutputStream().write(bytes.toByteArray());
            return true;
        } catch (Exception e) {
            outcomes.redirected(taskId, submitter, e.getMessage());
            close();
            return false;
        }
    }

    /**
     * Writes one frame on a new connection to the submitter's 1003, then waits until the submitter closes it
     * (both v1.2.2 and our service close after one frame), so that the next frame cannot overtake this one.
     */
    private void dialBack(TaskFrame frame) throws Exception {
        PilotDriver driver = client.driver();
        try (PilotConnection c = driver.dial(new PilotSocketAddress(submitter, TaskFrame.TASK_PORT), dialTimeout)) {
            frame.writeTo(c.getOutputStream());
            c.setReadTimeoutMillis(CLOSE_WAIT_MILLIS);
            try {
                while (c.getInputStream().read(new byte[256]) >= 0) {
                    // drain until the peer closes
                }
            } catch (PilotTimeoutException e) {
                LOG.debug("task submitter {} did not close within {} ms", submitter, CLOSE_WAIT_MILLIS);
            }
        }
    }

    @Override
    public void close() {
        if (reply != null) {
            try {
                reply.done();
            } catch (Exception ignored) {
                // best effort
            }
            reply = null;
        }
    }
}
