package io.camelagents.pilot.driver;

/** A Pilot address, port or hostname that does not parse; the message says what to fix. */
public class PilotAddressFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PilotAddressFormatException(String message) {
        super(message);
    }
}
