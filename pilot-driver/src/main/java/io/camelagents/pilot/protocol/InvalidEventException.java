package io.camelagents.pilot.protocol;

import java.io.IOException;

/**
 * A well-framed event that must not be delivered (its topic is not valid UTF-8 or contains control characters, or
 * its payload is larger than the subscriber accepts). Unlike a {@link MalformedFrameException}, the whole frame
 * has been consumed: the stream is still in step and the next frame can be read.
 */
public class InvalidEventException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }
}
