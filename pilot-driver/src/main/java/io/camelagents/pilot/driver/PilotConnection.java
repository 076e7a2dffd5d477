package io.camelagents.pilot.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reliable stream between a local port and a remote {@code addr:port}, dialed or accepted through the daemon.
 * Bytes flow through {@link #getInputStream()} / {@link #getOutputStream()}; writes larger than one IPC frame are
 * split into several Send frames. One reader at a time; each write call is atomic (concurrent writers never
 * interleave inside one call), so a protocol that writes a whole frame per call may share the connection.
 */
public final class PilotConnection implements AutoCloseable {
    private final long id;
    private final int localPort;
    private final PilotSocketAddress remote;
    private final IpcSession session;
    private final ConnectionInbox inbox;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean remoteClosed;
    private volatile long readTimeoutMillis;
    private final InputStream in = new Input();
    private final OutputStream out = new Output();
    private volatile Runnable onClose;

    PilotConnection(long id, int localPort, PilotSocketAddress remote, IpcSession session, long maxBufferedBytes,
            ByteBudget sharedBudget) {
        this.id = id;
        this.localPort = localPort;
        this.remote = remote;
        this.session = session;
        this.inbox = new ConnectionInbox(maxBufferedBytes, sharedBudget);
    }

    /** The daemon's connection id (unique per daemon, not across restarts). */
    public long id() {
        return id;
    }

    /** Local Pilot port: the bound port for accepted connections, an ephemeral port (or 0 if unknown) for dials. */
    public int localPort() {
        return localPort;
    }

    public PilotSocketAddress remote() {
        return remote;
    }

    public InputStream getInputStream() {
        return in;
    }

    public OutputStream getOutputStream() {
        return out;
    }

    /** Read timeout for {@link #getInputStream()}; 0 (the default) waits forever. */
    public void setReadTimeoutMillis(long millis) {
        this.readTimeoutMillis = Math.max(0, millis);
    }

    /** True once the peer closed its side (all data before the close is still readable). */
    public boolean isRemoteClosed() {
        return remoteClosed;
    }

    public boolean isOpen() {
        return !closed.get() && !remoteClosed;
    }

    /**
     * Event-driven reading: {@code listener} runs whenever data, the peer's close or a failure arrives (and once
     * now, for anything that arrived before). It runs on the driver's IPC reader thread, so it must only hand off
     * (e.g. schedule a task that calls {@link #readAvailable}); it must never block or read itself.
     */
    public void setDataListener(Runnable listener) {
        inbox.setDataListener(listener);
    }

    /**
     * Copies what has arrived, up to {@code len} bytes, without waiting: 0 when nothing is buffered, -1 once the
     * peer closed and everything was read.
     */
    public int readAvailable(byte[] dst, int off, int len) throws PilotException {
        return inbox.readNow(dst, off, len);
    }

    /**
     * Drops what is buffered and every byte that arrives from now on, so a peer that keeps sending to a connection
     * nobody reads any more costs no memory. Writing stays possible.
     */
    public void discardIncoming() {
        inbox.discardIncoming();
    }

    /** Sends FIN and releases the connection id; what is still buffered is dropped. Idempotent. */
    @Override
    public void close() throws PilotException {
        if (markClosed()) {
            session.closeConnection(this);
        }
    }

    /**
     * Like {@link #close()} but does not wait for the daemon: the connection is closed for the application at once
     * and the daemon is told by the driver's closer thread. For servers closing many peer connections, whose
     * threads must not wait on the daemon once per connection. Data written before still goes out first.
     */
    public void closeInBackground() {
        if (markClosed()) {
            session.closeLater(this);
        }
    }

    private boolean markClosed() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        inbox.closeLocally();
        Runnable hook = onClose;
        if (hook != null) {
            hook.run();
        }
        return true;
    }

    /** The daemon-side half of a close started by {@link #closeInBackground()}; runs on the closer thread. */
    void sendClose() throws PilotException {
        session.closeConnection(this);
    }

    /** True once {@link #close()} or {@link #closeInBackground()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    // ---- called by the IPC reader thread ----

    boolean deliver(byte[] data) {
        return inbox.offer(data);
    }

    void remoteClosed() {
        remoteClosed = true;
        inbox.endOfStream();
    }

    void fail(PilotException cause) {
        inbox.fail(cause);
    }

    /** Bytes received and not read yet. */
    public long bufferedBytes() {
        return inbox.buffered();
    }

    String describeLimits() {
        return inbox.describeLimits();
    }

    /** Runs once on the local close (the listener counts its open connections this way). */
    void onClose(Runnable hook) {
        this.onClose = hook;
    }

    @Override
    public String toString() {
        return "PilotConnection[id=" + id + ", localPort=" + localPort + ", remote=" + remote + "]";
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return inbox.read(b, off, len, readTimeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + PilotConnection.this);
            }
        }

        @Override
        public int available() {
            return inbox.available();
        }

        @Override
        public void close() throws IOException {
            PilotConnection.this.close();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (closed.get()) {
                throw new PilotException("write on closed " + PilotConnection.this);
            }
            PilotException failure = inbox.failure();
            if (failure != null) {
                throw failure;
            }
            int pos = off;
            int end = off + len;
            while (pos < end) {
                int n = Math.min(IpcCommand.MAX_SEND_CHUNK, end - pos);
                session.send(id, b, pos, n);
                pos += n;
            }
        }

        @Override
        public void close() throws IOException {
            PilotConnection.this.close();
        }
    }
}
