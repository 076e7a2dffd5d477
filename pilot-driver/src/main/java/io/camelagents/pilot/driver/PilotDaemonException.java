package io.camelagents.pilot.driver;

/** The daemon answered a request with an Error frame; {@link #daemonMessage()} is its text, unchanged. */
public class PilotDaemonException extends PilotException {
    private static final long serialVersionUID = 1L;
    private final String operation;
    private final String daemonMessage;

    public PilotDaemonException(String operation, String daemonMessage) {
        super(operation + " failed: daemon: " + daemonMessage);
        this.operation = operation;
        this.daemonMessage = daemonMessage;
    }

    public String operation() {
        return operation;
    }

    public String daemonMessage() {
        return daemonMessage;
    }
}
