package io.camelagents.pilot.driver;

/** The connected daemon generation does not have the requested feature; nothing was sent to it. */
public class PilotUnsupportedException extends PilotException {
    private static final long serialVersionUID = 1L;

    public PilotUnsupportedException(String message) {
        super(message);
    }
}
