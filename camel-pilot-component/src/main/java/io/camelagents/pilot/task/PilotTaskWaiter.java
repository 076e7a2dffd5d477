package io.camelagents.pilot.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.protocol.TaskMessages;

/** What a submitter has heard about one task: status history, results, and the final status. */
public final class PilotTaskWaiter {
    public final String taskId;
    /** Only this node may report on the task. */
    public final PilotAddress executor;
    private final List<String> history = new ArrayList<>();
    private final CompletableFuture<TaskMessages.StatusUpdate> finalStatus = new CompletableFuture<>();
    private volatile TaskMessages.Results results;

    PilotTaskWaiter(String taskId, PilotAddress executor) {
        this.taskId = taskId;
        this.executor = executor;
    }

    public synchronized void onStatus(TaskMessages.StatusUpdate update) {
        if (finalStatus.isDone()) {
            return; // nothing changes after a final state
        }
        String j = update.justification();
        history.add(j == null || j.isEmpty() ? update.status() : update.status() + ": " + j);
        if (TaskMessages.Status.isFinal(update.status())) {
            finalStatus.complete(update);
        }
    }

    public void onResults(TaskMessages.Results r) {
        results = r;
    }

    public CompletableFuture<TaskMessages.StatusUpdate> finalStatus() {
        return finalStatus;
    }

    public TaskMessages.Results results() {
        return results;
    }

    public synchronized List<String> history() {
        return List.copyOf(history);
    }
}
