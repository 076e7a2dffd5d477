package io.camelagents.pilot.driver;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one request an IPC connection may have outstanding. Neither daemon generation tags replies with a request
 * id, so the reply is recognised by its command byte alone; that is only safe with a single request in flight.
 */
final class PendingRequest {
    final String operation;
    final byte request;
    final byte okReply;
    /** For Close: the connection id whose CloseOK answers this request; -1 otherwise. */
    final long closeConnId;
    /** Turns the reply payload into the result, on the reader thread. */
    final Function<ByteBuffer, Object> inReader;
    final CompletableFuture<Object> reply = new CompletableFuture<>();
    /** Set (under this object's lock) when the caller gave up waiting; the late reply is then discarded. */
    boolean abandoned;

    PendingRequest(String operation, byte request, byte okReply, long closeConnId, Function<ByteBuffer, Object> inReader) {
        this.operation = operation;
        this.request = request;
        this.okReply = okReply;
        this.closeConnId = closeConnId;
        this.inReader = inReader;
    }
}
