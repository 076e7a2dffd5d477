package io.camelagents.mcp.internal;

/**
 * Internal signal: the stdio server of the session a call was running on has gone away.
 */
final class ServerLostException extends RuntimeException {

    ServerLostException(String reason) {
        super(reason, null, false, false);
    }
}
