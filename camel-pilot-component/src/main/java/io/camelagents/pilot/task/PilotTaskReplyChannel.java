package io.camelagents.pilot.task;

import io.camelagents.pilot.driver.PilotConnection;

/**
 * The submit connection a task reports on (its submitter asked for that) and how the task service, which owns
 * the connection, gets it back: closed after the task (one task per connection, as v1.2.2), or, when the
 * submitter asked to keep it, served again for the submitter's next SUBMIT.
 */
public final class PilotTaskReplyChannel {
    private final PilotConnection connection;
    private final Runnable beforeFinalReport;
    private final Runnable done;
    private boolean finalReportStarted;

    /**
     * @param beforeFinalReport runs just before the task's last report is written (may be null): a kept
     *                          connection must be ready for the next SUBMIT before the submitter can send it
     * @param done              runs when the task no longer needs the connection
     */
    PilotTaskReplyChannel(PilotConnection connection, Runnable beforeFinalReport, Runnable done) {
        this.connection = connection;
        this.beforeFinalReport = beforeFinalReport;
        this.done = done;
    }

    PilotConnection connection() {
        return connection;
    }

    /** Called once, by the task's reporter thread, right before the frame that ends the task's reports. */
    void finalReportStarts() {
        if (!finalReportStarted) {
            finalReportStarted = true;
            if (beforeFinalReport != null) {
                beforeFinalReport.run();
            }
        }
    }

    void done() {
        done.run();
    }
}
