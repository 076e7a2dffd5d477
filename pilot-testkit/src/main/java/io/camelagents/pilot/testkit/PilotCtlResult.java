package io.camelagents.pilot.testkit;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Outcome of one pilotctl run. */
public record PilotCtlResult(List<String> command, int exitCode, String stdout, String stderr) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean ok() {
        return exitCode == 0;
    }

    /** stdout parsed as JSON; pilotctl --json wraps results as {"status":"ok","data":...}: this returns data if present. */
    public JsonNode json() {
        try {
            JsonNode root = JSON.readTree(stdout);
            return root.has("data") ? root.get("data") : root;
        } catch (Exception e) {
            throw new IllegalStateException("pilotctl output is not JSON: " + this, e);
        }
    }

    /** Throws with the full output unless the exit code was 0. */
    public PilotCtlResult orThrow() {
        if (!ok()) {
            throw new IllegalStateException("pilotctl failed: " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> exit " + exitCode + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip();
    }
}
