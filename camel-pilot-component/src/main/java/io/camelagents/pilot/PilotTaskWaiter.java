package io.camelagents.pilot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.protocol.TaskMessages;

/** What a submitter has heard about one task: status history, results, and the final status. */
final class PilotTaskWaiter {
    final String taskId;
    /** Only this node may report on the task. */
    final PilotAddress executor;
    private final List<String> history = new ArrayList<>();
    private final CompletableFuture<TaskMessages.StatusUpdate> finalStatus = new CompletableFuture<>();
    private volatile TaskMessages.Results results;

    PilotTaskWaiter(String taskId, PilotAddress executor) {
        this.taskId = taskId;
        this.executor = executor;
    }

    synchronized void onStatus(TaskMessages.StatusUpdate update) {
        if (finalStatus.isDone()) {
            return; // nothing changes after a final state
        }
        String j = update.justification();
        history.add(j == null || j.isEmpty() ? update.status() : update.status() + ": " + j);
        if (TaskMessages.Status.isFinal(update.status())) {
            finalStatus.complete(update);
        }
    }

    void onResults(TaskMessages.Results r) {
        results = r;
    }

    CompletableFuture<TaskMessages.StatusUpdate> finalStatus() {
        return finalStatus;
    }

    TaskMessages.Results results() {
        return results;
    }

    synchronized List<String> history() {
        return List.copyOf(history);
    }
}
