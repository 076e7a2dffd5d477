package io.camelagents.pilot.driver;

/** The daemon (or whatever is on the socket) sent bytes that break the IPC framing rules. */
public class PilotProtocolException extends PilotDisconnectedException {
    private static final long serialVersionUID = 1L;

    public PilotProtocolException(String message) {
        super(message);
    }
}
