package io.camelagents.pilot.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IPC connection to the daemon: a writer, a single reader thread, and one request slot.
 * <p>
 * The reader never runs application code and never writes to the socket: it only routes frames (replies to the
 * waiting request, Accept by local port, Recv/CloseOK by connection id, RecvFrom by destination port). Writing
 * from the reader could deadlock against a v1.2.2 daemon, which writes synchronously.
 */
final class IpcSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpcSession.class);
    /**
     * v1.2.2 answers a failed fire-and-forget Send/SendTo with an Error that the next waiting request would take.
     * These texts identify such stray errors (the newest daemon only logs them).
     */
    private static final Pattern STRAY_SEND_ERROR = Pattern.compile("^(send|sendto): .*|^connection \\d+ not found.*");
    private static final Pattern CONNECTION_NOT_FOUND = Pattern.compile("connection (\\d+) not found");

    private final String name;
    private final SocketChannel channel;
    private final PilotDriver driver;
    private final boolean receivesDatagrams;
    private final Object writeLock = new Object();
    private final Semaphore slot = new Semaphore(1);
    private final Map<Long, PilotConnection> connections = new ConcurrentHashMap<>();
    private final Map<Integer, PilotListener> listeners = new ConcurrentHashMap<>();
    private final OrphanData orphans = new OrphanData();
    private final AtomicLong unexpectedFrames = new AtomicLong();
    private final AtomicLong strayErrors = new AtomicLong();
    private final LogThrottle refusedLog = new LogThrottle(Duration.ofSeconds(10));
    private final LogThrottle overBudgetLog = new LogThrottle(Duration.ofSeconds(10));
    private volatile PendingRequest pending;
    private volatile PilotDisconnectedException closedCause;
    private final Thread reader;

    IpcSession(String name, SocketChannel channel, PilotDriver driver, boolean receivesDatagrams) {
        this.name = name;
        this.channel = channel;
        this.driver = driver;
        this.receivesDatagrams = receivesDatagrams;
        this.reader = driver.options().threadFactory().newThread(this::readLoop);
        this.reader.setName("pilot-ipc-reader-" + name);
        this.reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    String name() {
        return name;
    }

    boolean isOpen() {
        return closedCause == null;
    }

    boolean isIdle() {
        return slot.availablePermits() > 0;
    }

    int connectionCount() {
        return connections.size();
    }

    long unexpectedFrames() {
        return unexpectedFrames.get();
    }

    long strayErrors() {
        return strayErrors.get();
    }

    PilotDisconnectedException closedCause() {
        return closedCause;
    }

    // ------------------------------------------------------------------ requests

    /**
     * Sends one request and waits for its reply. {@code inReader} runs on the reader thread when the reply
     * arrives (before any later frame is routed), so state such as a new connection is in place before its data.
     */
    Object request(String operation, byte cmd, byte[] payload, byte okReply, Duration timeout, long closeConnId,
            Function<ByteBuffer, Object> inReader) throws PilotException {
        ensureOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!slot.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                PendingRequest busy = pending;
                throw new PilotTimeoutException(operation + ": IPC connection '" + name + "' stayed busy with "
                        + (busy == null ? "another request" : busy.operation) + " for " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PilotException(operation + " interrupted");
        }
        PendingRequest p = new PendingRequest(operation, cmd, okReply, closeConnId, inReader);
        pending = p;
        if (closedCause != null) { // the reader died between ensureOpen and here
            releaseSlot(p);
            throw closedCause;
        }
        try {
            writeFrame(cmd, payload, 0, payload.length, null);
        } catch (PilotException e) {
            releaseSlot(p);
            throw e;
        }
        try {
            long left = deadline - System.nanoTime();
            return p.reply.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            synchronized (p) {
                if (!p.reply.isDone()) {
                    p.abandoned = true; // the slot stays taken until the late reply (or the session's end)
                }
            }
            if (p.reply.isDone()) {
                return join(p);
            }
            if (cmd == IpcCommand.DIAL && driver.supports(Capability.CANCEL_DIAL)) {
                // Newest: abort the orphaned dial so its late reply comes quickly and the slot frees up.
                try {
                    writeFrame(IpcCommand.CANCEL, new byte[0], 0, 0, null);
                } catch (PilotException ignored) {
                    // the session is going away anyway
                }
            }
            throw new PilotTimeoutException(operation + " got no reply from the daemon within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (p) {
                p.abandoned = true;
            }
            throw new PilotException(operation + " interrupted");
        } catch (ExecutionException e) {
            throw asPilotException(e.getCause());
        }
    }

    private static Object join(PendingRequest p) throws PilotException {
        try {
            return p.reply.get();
        } catch (ExecutionException e) {
            throw asPilotException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PilotException(p.operation + " interrupted");
        }
    }

    private static PilotException asPilotException(Throwable t) {
        if (t instanceof PilotException pe) {
            return pe;
        }
        return new PilotException(String.valueOf(t), t);
    }

    /** Fire-and-forget Send of one chunk (the caller splits large writes). */
    void send(long connId, byte[] data, int off, int len) throws PilotException {
        ensureOpen();
        ByteBuffer head = ByteBuffer.allocate(4);
        head.putInt((int) connId).flip();
        writeFrame(IpcCommand.SEND, head.array(), 0, 4, ByteBuffer.wrap(data, off, len));
    }

    /** Fire-and-forget frame (SendTo). */
    void fireAndForget(byte cmd, byte[] payload) throws PilotException {
        ensureOpen();
        writeFrame(cmd, payload, 0, payload.length, null);
    }

    private void writeFrame(byte cmd, byte[] payload, int off, int len, ByteBuffer tail) throws PilotException {
        int tailLen = tail == null ? 0 : tail.remaining();
        long bodyLen = 1L + len + tailLen;
        if (bodyLen > IpcCommand.MAX_BODY) {
            throw new PilotException("IPC frame of " + bodyLen + " bytes exceeds the daemon's limit of " + IpcCommand.MAX_BODY);
        }
        ByteBuffer head = ByteBuffer.allocate(5 + len);
        head.putInt((int) bodyLen).put(cmd).put(payload, off, len).flip();
        ByteBuffer[] parts = tail == null ? new ByteBuffer[] {head} : new ByteBuffer[] {head, tail};
        synchronized (writeLock) {
            try {
                while (head.hasRemaining() || (tail != null && tail.hasRemaining())) {
                    channel.write(parts);
                }
            } catch (IOException e) {
                PilotDisconnectedException cause = new PilotDisconnectedException(
                        "IPC connection '" + name + "' to the daemon failed while writing: " + e.getMessage(), e);
                shutdown(cause);
                throw cause;
            }
        }
    }

    private void ensureOpen() throws PilotDisconnectedException {
        PilotDisconnectedException c = closedCause;
        if (c != null) {
            throw c;
        }
    }

    private void releaseSlot(PendingRequest p) {
        if (pending == p) {
            pending = null;
        }
        slot.release();
    }

    // ------------------------------------------------------------------ connections and listeners

    void register(PilotListener listener) {
        listeners.put(listener.port(), listener);
    }

    void unbind(PilotListener listener) throws PilotException {
        listeners.remove(listener.port(), listener);
        if (isOpen() && driver.supports(Capability.UNBIND)) {
            byte[] payload = ByteBuffer.allocate(2).putShort((short) listener.port()).array();
            request("unbind " + listener.port(), IpcCommand.UNBIND, payload, IpcCommand.UNBIND_OK,
                    driver.options().requestTimeout(), -1, b -> null);
        }
    }

    /** Registers a connection created from a DialOK reply; runs on the reader thread. */
    PilotConnection adoptDialed(long connId, PilotSocketAddress remote) {
        PilotConnection conn = new PilotConnection(connId, 0, remote, this, driver.options().maxBufferedBytesPerConnection(), null);
        connections.put(connId, conn);
        for (byte[] early : orphans.take(connId)) {
            deliver(conn, early);
        }
        return conn;
    }

    /** Queues the daemon-side close of {@code conn} on the driver's closer thread. */
    void closeLater(PilotConnection conn) {
        driver.closeLater(conn);
    }

    /**
     * Sends Close even when the peer closed first: the pushed CloseOK only says the peer's FIN arrived, and
     * without our Close the daemon keeps its side half-open (the peer lingers in FIN_WAIT). Called once per
     * connection ({@link PilotConnection#close()} guards it).
     */
    void closeConnection(PilotConnection conn) throws PilotException {
        connections.remove(conn.id(), conn);
        if (isOpen()) {
            byte[] payload = ByteBuffer.allocate(4).putInt((int) conn.id()).array();
            try {
                request("close connection " + conn.id(), IpcCommand.CLOSE, payload, IpcCommand.CLOSE_OK,
                        driver.options().requestTimeout(), conn.id(), b -> null);
            } catch (PilotDaemonException alreadyGone) {
                // The peer closed first and the daemon forgot the id: the connection is closed either way.
                LOG.debug("close of connection {}: {}", conn.id(), alreadyGone.daemonMessage());
            } catch (PilotDisconnectedException gone) {
                LOG.debug("close of connection {}: daemon connection gone", conn.id());
            }
        }
    }

    // ------------------------------------------------------------------ reader

    private void readLoop() {
        IpcFrameReader frames = new IpcFrameReader(channel);
        PilotDisconnectedException cause;
        try {
            ByteBuffer body;
            while ((body = frames.next()) != null) {
                route(body);
            }
            cause = new PilotDisconnectedException("daemon closed the IPC connection '" + name + "'");
        } catch (PilotDisconnectedException e) {
            cause = e;
        } catch (ClosedChannelException e) {
            cause = new PilotDisconnectedException("IPC connection '" + name + "' closed");
        } catch (IOException e) {
            cause = new PilotDisconnectedException("IPC connection '" + name + "' failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.error("IPC reader '{}' failed unexpectedly", name, e);
            cause = new PilotDisconnectedException("IPC reader '" + name + "' failed: " + e, e);
        }
        shutdown(cause);
    }

    private void route(ByteBuffer body) {
        byte cmd = body.get();
        int size = body.remaining();
        try {
            switch (cmd) {
                case IpcCommand.ACCEPT -> onAccept(body);
                case IpcCommand.RECV -> onRecv(body);
                case IpcCommand.CLOSE_OK -> onCloseOk(body);
                case IpcCommand.RECV_FROM -> onRecvFrom(body);
                case IpcCommand.ERROR -> onError(body);
                default -> onReply(cmd, body);
            }
        } catch (java.nio.BufferUnderflowException e) {
            unexpectedFrames.incrementAndGet();
            LOG.warn("IPC '{}': frame {} with {} payload bytes is too short for its type; ignored", name, IpcCommand.hex(cmd), size);
        }
    }

    private void onAccept(ByteBuffer b) {
        int localPort = Short.toUnsignedInt(b.getShort());
        long connId = Integer.toUnsignedLong(b.getInt());
        PilotAddress remoteAddr = PilotAddress.read(b);
        int remotePort = Short.toUnsignedInt(b.getShort());
        PilotListener listener = listeners.get(localPort);
        PilotListenOptions limits = listener != null ? listener.limits() : PilotListenOptions.defaults(driver.options());
        PilotConnection conn = new PilotConnection(connId, localPort, new PilotSocketAddress(remoteAddr, remotePort),
                this, limits.maxBufferedBytesPerConnection(), limits.sharedBudget());
        connections.put(connId, conn);
        for (byte[] early : orphans.take(connId)) {
            deliver(conn, early);
        }
        String refused = listener == null ? "no listener on that port" : listener.offer(conn);
        if (refused != null) {
            long heldBack = refusedLog.admit();
            if (heldBack >= 0) {
                LOG.warn("IPC '{}': incoming connection {} from {} to port {} refused: {}{}", name, connId, conn.remote(),
                        localPort, refused, LogThrottle.more(heldBack));
            }
            conn.closeInBackground();
        }
    }

    private void onRecv(ByteBuffer b) {
        long connId = Integer.toUnsignedLong(b.getInt());
        byte[] data = new byte[b.remaining()];
        b.get(data);
        PilotConnection conn = connections.get(connId);
        if (conn == null) {
            orphans.add(connId, data);
            return;
        }
        deliver(conn, data);
    }

    private void deliver(PilotConnection conn, byte[] data) {
        if (!conn.deliver(data)) {
            long heldBack = overBudgetLog.admit();
            if (heldBack >= 0) {
                LOG.warn("IPC '{}': {} holds {} unread bytes and {} more arrived, over its receive limits ({}); failing it{}",
                        name, conn, conn.bufferedBytes(), data.length, conn.describeLimits(), LogThrottle.more(heldBack));
            }
            conn.fail(new PilotException("receive buffer limit of " + conn.describeLimits() + " exceeded on " + conn
                    + ": the application does not read fast enough"));
            conn.closeInBackground();
        }
    }

    private void onCloseOk(ByteBuffer b) {
        long connId = Integer.toUnsignedLong(b.getInt());
        PilotConnection conn = connections.remove(connId);
        if (conn != null) {
            conn.remoteClosed();
        }
        PendingRequest p = pending;
        if (p != null && p.request == IpcCommand.CLOSE && p.closeConnId == connId) {
            resolve(p, b);
        }
    }

    private void onRecvFrom(ByteBuffer b) {
        PilotAddress src = PilotAddress.read(b);
        int srcPort = Short.toUnsignedInt(b.getShort());
        int dstPort = Short.toUnsignedInt(b.getShort());
        byte[] data = new byte[b.remaining()];
        b.get(data);
        if (receivesDatagrams) { // every IPC client gets every datagram: deliver from one session only
            driver.deliverDatagram(new PilotDatagram(new PilotSocketAddress(src, srcPort), dstPort, data));
        }
    }

    private void onError(ByteBuffer b) {
        int code = b.remaining() >= 2 ? Short.toUnsignedInt(b.getShort()) : -1;
        String text = StandardCharsets.UTF_8.decode(b).toString();
        PendingRequest p = pending;
        boolean requestMayFailThisWay = p != null
                && (p.request == IpcCommand.CLOSE || p.request == IpcCommand.SEND_TO_CONFIRM);
        if (p != null && (requestMayFailThisWay || !STRAY_SEND_ERROR.matcher(text).matches())) {
            fail(p, new PilotDaemonException(p.operation, text));
            return;
        }
        strayErrors.incrementAndGet();
        Matcher gone = CONNECTION_NOT_FOUND.matcher(text);
        PilotConnection conn = gone.find() ? connections.remove(Long.parseLong(gone.group(1))) : null;
        if (conn != null) {
            // The daemon dropped the connection under us: fail it now, so writers stop instead of sending on.
            LOG.warn("IPC '{}': daemon no longer knows {} ({}); failing it", name, conn, text);
            conn.fail(new PilotDaemonException("send on connection " + conn.id(), text));
        } else {
            LOG.debug("IPC '{}': daemon error (code {}) for an earlier fire-and-forget send: {}", name, code, text);
        }
    }

    private void onReply(byte cmd, ByteBuffer b) {
        PendingRequest p = pending;
        if (p != null && cmd == p.okReply) {
            resolve(p, b);
            return;
        }
        unexpectedFrames.incrementAndGet();
        LOG.warn("IPC '{}': unexpected frame {} ({} bytes) while {}; ignored", name, IpcCommand.hex(cmd),
                b.remaining(), p == null ? "no request was waiting" : "waiting for " + IpcCommand.hex(p.okReply)
                        + " (" + p.operation + ")");
    }

    private void resolve(PendingRequest p, ByteBuffer reply) {
        Object value;
        try {
            value = p.inReader.apply(reply);
        } catch (RuntimeException e) {
            fail(p, new PilotProtocolException(p.operation + ": malformed reply: " + e));
            return;
        }
        synchronized (p) {
            if (p.abandoned) {
                driver.discardLateReply(p.operation, value);
            } else {
                p.reply.complete(value);
            }
        }
        releaseSlot(p);
    }

    private void fail(PendingRequest p, PilotException e) {
        synchronized (p) {
            if (p.abandoned) {
                LOG.debug("IPC '{}': late error for abandoned {}: {}", name, p.operation, e.getMessage());
            } else {
                p.reply.completeExceptionally(e);
            }
        }
        releaseSlot(p);
    }

    // ------------------------------------------------------------------ shutdown

    /** Fails every waiter, connection and listener of this session at once. */
    private void shutdown(PilotDisconnectedException cause) {
        synchronized (this) {
            if (closedCause != null) {
                return;
            }
            closedCause = cause;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        PendingRequest p = pending;
        if (p != null) {
            fail(p, cause);
        }
        List<PilotConnection> conns = new ArrayList<>(connections.values());
        connections.clear();
        for (PilotConnection c : conns) {
            c.fail(cause);
        }
        for (PilotListener l : listeners.values()) {
            l.fail(cause);
        }
        listeners.clear();
        driver.sessionClosed(this, cause);
    }

    @Override
    public void close() {
        shutdown(new PilotDisconnectedException("IPC connection '" + name + "' closed by the application"));
    }

    /** Closes this session because of {@code cause} (e.g. the driver's main connection died). */
    void close(PilotDisconnectedException cause) {
        shutdown(cause);
    }
}
