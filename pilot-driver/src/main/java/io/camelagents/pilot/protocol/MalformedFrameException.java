package io.camelagents.pilot.protocol;

import java.io.IOException;

/** A peer sent a frame that breaks its protocol's rules (oversized, bad UTF-8, wrong JSON, unknown type). */
public class MalformedFrameException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
