package io.camelagents.pilot.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reliable stream between a local port and a remote {@code addr:port}, dialed or accepted through the daemon.
 * Bytes flow through {@link #getInputStream()} / {@link #getOutputStream()}; writes larger than one IPC frame are
 * split into several Send frames. Thread-safe for one reader and one writer at a time.
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

    PilotConnection(long id, int localPort, PilotSocketAddress remote, IpcSession session, long maxBufferedBytes) {
        this.id = id;
        this.localPort = localPort;
        this.remote = remote;
        this.session = session;
        this.inbox = new ConnectionInbox(maxBufferedBytes);
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

    /** Sends FIN and releases the connection id. Idempotent. */
    @Override
    public void close() throws PilotException {
        if (closed.compareAndSet(false, true)) {
            inbox.endOfStream();
            session.closeConnection(this);
        }
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

    long bufferedBytes() {
        return inbox.buffered();
    }

    boolean isClosedLocally() {
        return closed.get();
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
        public void write(byte[] b, int off, int len) throws IOException {
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
