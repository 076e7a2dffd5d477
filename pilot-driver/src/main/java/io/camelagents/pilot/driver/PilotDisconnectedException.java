package io.camelagents.pilot.driver;

/**
 * The IPC connection to the daemon is gone (daemon stopped, crashed or restarted, or the session was closed).
 * Everything bound or dialed through it is gone too: open a new driver and re-bind / re-dial.
 */
public class PilotDisconnectedException extends PilotException {
    private static final long serialVersionUID = 1L;

    public PilotDisconnectedException(String message) {
        super(message);
    }

    public PilotDisconnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
