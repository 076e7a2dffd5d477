package io.camelagents.pilot.driver;

import java.io.IOException;

/** Base of every failure the driver reports. An {@link IOException} so connection streams can throw it as is. */
public class PilotException extends IOException {
    private static final long serialVersionUID = 1L;

    public PilotException(String message) {
        super(message);
    }

    public PilotException(String message, Throwable cause) {
        super(message, cause);
    }
}
