package io.camelagents.pilot;

import java.util.List;

import io.camelagents.pilot.driver.PilotException;

/** A submitted task was refused or did not succeed; carries the final status and the executor's justification. */
public class PilotTaskFailedException extends PilotException {
    private static final long serialVersionUID = 1L;
    private final String taskId;
    private final String status;
    private final String justification;
    private final List<String> history;

    public PilotTaskFailedException(String taskId, String status, String justification, List<String> history) {
        super("task " + taskId + " ended " + status + (justification == null || justification.isEmpty() ? "" : ": " + justification));
        this.taskId = taskId;
        this.status = status;
        this.justification = justification;
        this.history = List.copyOf(history);
    }

    public String taskId() {
        return taskId;
    }

    /** DECLINED (also when the submission was refused), FAILED, CANCELLED or EXPIRED. */
    public String status() {
        return status;
    }

    public String justification() {
        return justification;
    }

    public List<String> history() {
        return history;
    }
}
