package io.camelagents.pilot.driver;

/** A request, dial, accept or read did not complete in time. */
public class PilotTimeoutException extends PilotException {
    private static final long serialVersionUID = 1L;

    public PilotTimeoutException(String message) {
        super(message);
    }
}
