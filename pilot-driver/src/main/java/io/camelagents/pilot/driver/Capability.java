package io.camelagents.pilot.driver;

/** IPC features that only one daemon generation has. The driver never sends a command the daemon lacks. */
public enum Capability {
    UNBIND("Unbind (0x37)", DaemonGeneration.NEWEST),
    CANCEL_DIAL("Cancel (0x2B)", DaemonGeneration.NEWEST),
    HEALTH("Health (0x21)", DaemonGeneration.NEWEST),
    WAIT_FOR_TRUST("Handshake wait (0x0F/07)", DaemonGeneration.NEWEST),
    CONFIRMED_SEND_TO("SendToConfirm (0x39, feature dgram_confirm)", DaemonGeneration.NEWEST),
    SET_TASK_EXEC("SetTaskExec (0x1D)", DaemonGeneration.V1_2_2),
    /** The daemon itself owns port 1003 and runs the task-submit service. */
    DAEMON_TASK_SERVICE("task-submit service on port 1003", DaemonGeneration.V1_2_2);

    private final String description;
    private final DaemonGeneration generation;

    Capability(String description, DaemonGeneration generation) {
        this.description = description;
        this.generation = generation;
    }

    public String description() {
        return description;
    }

    /** The generation that has this feature. */
    public DaemonGeneration generation() {
        return generation;
    }
}
