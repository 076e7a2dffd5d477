package io.camelagents.pilot.connect.it.cluster;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /connectors/<name>/status}, parsed: the connector's state and worker, and each task's. */
public record ConnectorStatus(String name, String state, String workerId, String trace, List<Task> tasks) {

    public record Task(int id, String state, String workerId, String trace) {
        public boolean running() {
            return "RUNNING".equals(state);
        }
    }

    public static ConnectorStatus parse(JsonNode json) {
        List<Task> tasks = new ArrayList<>();
        for (JsonNode t : json.path("tasks")) {
            tasks.add(new Task(t.path("id").asInt(), t.path("state").asText(), t.path("worker_id").asText(),
                    t.path("trace").asText(null)));
        }
        JsonNode c = json.path("connector");
        return new ConnectorStatus(json.path("name").asText(), c.path("state").asText(), c.path("worker_id").asText(),
                c.path("trace").asText(null), List.copyOf(tasks));
    }

    /** Connector and exactly {@code taskCount} tasks RUNNING. */
    public boolean allRunning(int taskCount) {
        return "RUNNING".equals(state) && tasks.size() == taskCount && tasks.stream().allMatch(Task::running);
    }

    /** The first FAILED part's trace, or null. */
    public String failure() {
        if ("FAILED".equals(state)) {
            return "connector " + name + " FAILED on " + workerId + ":\n" + trace;
        }
        return tasks.stream().filter(t -> "FAILED".equals(t.state())).findFirst()
                .map(t -> "task " + name + "-" + t.id() + " FAILED on " + t.workerId() + ":\n" + t.trace()).orElse(null);
    }

    public List<Task> tasksOn(String workerId) {
        return tasks.stream().filter(t -> workerId.equals(t.workerId())).toList();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name + " " + state + "@" + workerId + " [");
        for (Task t : tasks) {
            s.append(' ').append(t.id()).append(':').append(t.state()).append('@').append(t.workerId());
        }
        return s.append(" ]").toString();
    }
}
