package io.camelagents.pilot.peer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.FrameAssembler;

/**
 * One peer connection served by a {@link PilotPeerServer}: the connection, its frame assembler and the clocks the
 * server's deadlines look at. Protocols keep their per-connection state in {@link #attachment()}.
 */
public final class PilotPeerChannel {
    private final PilotConnection connection;
    private final FrameAssembler assembler;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Data signals not yet drained; the drain runs while this is non-zero (one drain at a time). */
    final AtomicInteger pendingSignals = new AtomicInteger();
    volatile long lastActivityNanos = System.nanoTime();
    volatile boolean busy;
    /** Close once everything that has arrived so far is handled (see {@link #closeWhenDrained()}). */
    volatile boolean closingWhenDrained;
    /** Set once what arrives is dropped unread (see {@link PilotPeerServer#discardRest}). */
    volatile boolean discarding;
    private volatile boolean handedOver;
    private int frames;
    private Object attachment;

    PilotPeerChannel(PilotConnection connection, FrameAssembler assembler) {
        this.connection = connection;
        this.assembler = assembler;
    }

    /** The protocol's state for this connection; null until {@link #attach} is called. Used by one drain at a time. */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object state) {
        this.attachment = state;
    }

    public PilotConnection connection() {
        return connection;
    }

    public PilotSocketAddress remote() {
        return connection.remote();
    }

    /** Null for raw framing. */
    FrameAssembler assembler() {
        return assembler;
    }

    /** Complete frames received so far on this connection. */
    public int frames() {
        return frames;
    }

    void countFrame() {
        frames++;
    }

    /**
     * Someone else now owns the connection's lifetime (a task reports its progress on it): the server no longer
     * closes it for idleness or when the peer closes its side, and no longer keeps what arrives.
     */
    public void handOver() {
        handedOver = true;
    }

    /**
     * The conversation is over, as in v1.2.2 after answering a SUBMIT: the connection closes once what has
     * arrived is handled, unless the peer had already sent more (then it is answered until it closes or idles).
     */
    public void closeWhenDrained() {
        closingWhenDrained = true;
    }

    void takeBack() {
        handedOver = false;
    }

    boolean isHandedOver() {
        return handedOver;
    }

    /** Writes one whole message (the driver keeps concurrent writes from interleaving). */
    public void write(byte[] bytes) throws Exception {
        connection.getOutputStream().write(bytes);
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the connection; true for the call that closed it. The local close wakes the channel's drain, which
     * gives back what a partial frame held (only the drain touches the assembler).
     */
    public boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        connection.closeInBackground(); // deadline sweeps and drains must not wait on the daemon per connection
        return true;
    }
}
