package io.camelagents.pilot;

/** What the submitter is told when the route fails on a task. */
public enum PilotTaskFailureAction {
    /** Status FAILED with a justification (an extension of the v1.2.2 state set). */
    fail,
    /** Status DECLINED with a justification, as if the task had been refused. */
    decline
}
