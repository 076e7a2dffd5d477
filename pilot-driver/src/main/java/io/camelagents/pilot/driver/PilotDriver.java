package io.camelagents.pilot.driver;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to a local Pilot daemon over its Unix-socket IPC. Plain Java, no framework.
 * <p>
 * One primary IPC connection carries control requests, binds (Accepts are pushed to the connection that bound)
 * and datagrams; dials run on a small pool of extra IPC connections so that a slow dial never blocks other work.
 * A connection stays on the IPC connection that dialed it, because the daemon pushes its data there.
 * <p>
 * When the daemon goes away every waiter fails at once with {@link PilotDisconnectedException}; nothing survives a
 * daemon restart, so open a new driver ({@link #connectWithBackoff}) and re-bind / re-dial.
 */
public final class PilotDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PilotDriver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> DETAILS = new TypeReference<>() { };
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final PilotDriverOptions options;
    private final Path socketPath;
    private final String id = "d" + INSTANCES.incrementAndGet();
    private final IpcSession primary;
    private final List<IpcSession> dialSessions = new CopyOnWriteArrayList<>();
    private final Map<Integer, PilotDatagramReceiver> datagramReceivers = new ConcurrentHashMap<>();
    private final List<Consumer<PilotDisconnectedException>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong unclaimedDatagrams = new AtomicLong();
    private final Queue<PilotConnection> toClose = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closerRunning = new AtomicBoolean();
    private volatile NodeInfo nodeInfo;
    private volatile DaemonGeneration generation;
    private volatile PilotDisconnectedException disconnectCause;

    private PilotDriver(PilotDriverOptions options, Path socketPath) throws PilotException {
        this.options = options;
        this.socketPath = socketPath;
        this.primary = new IpcSession(id + "-main", openChannel(socketPath), this, true);
        primary.start();
    }

    /** Connects using socket discovery and default options. */
    public static PilotDriver connect() throws PilotException {
        return connect(PilotDriverOptions.defaults());
    }

    public static PilotDriver connect(String socketPath) throws PilotException {
        return connect(PilotDriverOptions.builder().socketPath(socketPath).build());
    }

    /** Opens the IPC connection and asks the daemon for Info to learn its generation. */
    public static PilotDriver connect(PilotDriverOptions options) throws PilotException {
        Path path = PilotSocketLocator.locate(options.socketPath());
        PilotDriver driver = new PilotDriver(options, path);
        try {
            driver.refreshInfo();
        } catch (PilotException | RuntimeException e) {
            driver.close();
            throw e;
        }
        return driver;
    }

    /**
     * Connects, retrying with exponential backoff (200 ms doubling to 5 s) until {@code maxWait} has passed.
     * Use after a daemon restart: the new driver has no binds or connections, so re-bind and re-dial.
     */
    public static PilotDriver connectWithBackoff(PilotDriverOptions options, Duration maxWait) throws PilotException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long delayMs = 200;
        while (true) {
            try {
                return connect(options);
            } catch (PilotDisconnectedException | PilotTimeoutException e) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw e;
                }
                LOG.debug("daemon not reachable yet ({}); retrying in {} ms", e.getMessage(), delayMs);
                try {
                    Thread.sleep(Math.min(delayMs, Math.max(1, left / 1_000_000)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new PilotException("interrupted while reconnecting to " + PilotSocketLocator.locate(options.socketPath()));
                }
                delayMs = Math.min(delayMs * 2, 5000);
            }
        }
    }

    private static SocketChannel openChannel(Path path) throws PilotException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(path));
            return ch;
        } catch (IOException | UnsupportedOperationException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing else to do
                }
            }
            throw new PilotDisconnectedException("cannot connect to the Pilot daemon at " + path + ": " + e.getMessage()
                    + " (is pilot-daemon running? set the socket path explicitly or via PILOT_SOCKET)", e);
        }
    }

    // ------------------------------------------------------------------ identity and capabilities

    public PilotDriverOptions options() {
        return options;
    }

    public Path socketPath() {
        return socketPath;
    }

    /** Info as of connect (or the last {@link #refreshInfo()}). */
    public NodeInfo nodeInfo() {
        return nodeInfo;
    }

    public DaemonGeneration generation() {
        return generation;
    }

    public boolean supports(Capability capability) {
        DaemonGeneration g = generation;
        if (g == null) {
            return false; // before the first Info reply nothing generation-specific is sent
        }
        if (capability == Capability.CONFIRMED_SEND_TO) {
            return g == DaemonGeneration.NEWEST && nodeInfo != null && nodeInfo.features().contains("dgram_confirm");
        }
        return capability.generation() == g;
    }

    /** Throws {@link PilotUnsupportedException} naming the feature and the generation that has it. */
    public void require(Capability capability) throws PilotUnsupportedException {
        if (!supports(capability)) {
            throw new PilotUnsupportedException(capability.description() + " is not available on the connected daemon ("
                    + describeDaemon() + "); it needs a " + (capability.generation() == DaemonGeneration.NEWEST
                    ? "newest-generation daemon (1.x with version/features in Info)" : "v1.2.2-generation daemon"));
        }
    }

    private String describeDaemon() {
        NodeInfo i = nodeInfo;
        if (generation == DaemonGeneration.NEWEST) {
            return "newest generation, version " + (i == null ? "?" : i.version());
        }
        return "v1.2.2 generation, no version in Info";
    }

    public boolean isConnected() {
        return disconnectCause == null && primary.isOpen();
    }

    /** Called once, from an IPC reader thread, when the daemon connection is lost. Keep it short. */
    public void onDisconnect(Consumer<PilotDisconnectedException> listener) {
        disconnectListeners.add(listener);
        PilotDisconnectedException c = disconnectCause;
        if (c != null) {
            listener.accept(c);
        }
    }

    // ------------------------------------------------------------------ control requests

    /** Fresh Info from the daemon; also updates {@link #nodeInfo()} and {@link #generation()}. */
    public NodeInfo refreshInfo() throws PilotException {
        NodeInfo info = NodeInfo.from(jsonRequest("info", IpcCommand.INFO, new byte[0], IpcCommand.INFO_OK));
        this.nodeInfo = info;
        this.generation = info.generation();
        return info;
    }

    /** Info as the daemon reports it (stats, peers, connection list), JSON objects as maps. */
    public Map<String, Object> info() throws PilotException {
        return refreshInfo().details();
    }

    /** Health (newest only): status, uptime, counters. Answered inline by the daemon, without the registry. */
    public Map<String, Object> health() throws PilotException {
        require(Capability.HEALTH);
        return details(jsonRequest("health", IpcCommand.HEALTH, new byte[0], IpcCommand.HEALTH_OK));
    }

    public ResolvedHostname resolveHostname(String hostname) throws PilotException {
        PilotHostname.check(hostname);
        JsonNode json = jsonRequest("resolve hostname " + hostname, IpcCommand.RESOLVE_HOSTNAME,
                hostname.getBytes(StandardCharsets.UTF_8), IpcCommand.RESOLVE_HOSTNAME_OK);
        long nodeId = json.path("node_id").asLong();
        String addr = json.path("address").asText("");
        PilotAddress address = PilotAddress.isAddress(addr) ? PilotAddress.parse(addr) : PilotAddress.ofNode(nodeId);
        return new ResolvedHostname(json.path("hostname").asText(hostname), nodeId, address, json.path("public").asBoolean(),
                details(json));
    }

    /** An address as is, or a hostname resolved through the registry. */
    public PilotAddress resolve(String addressOrHostname) throws PilotException {
        if (PilotAddress.isAddress(addressOrHostname)) {
            return PilotAddress.parse(addressOrHostname);
        }
        return resolveHostname(addressOrHostname).address();
    }

    /** Sets this node's hostname; null or empty clears it. */
    public Map<String, Object> setHostname(String hostname) throws PilotException {
        String name = hostname == null ? "" : hostname;
        if (!name.isEmpty()) {
            PilotHostname.check(name);
        }
        return details(jsonRequest("set hostname", IpcCommand.SET_HOSTNAME, name.getBytes(StandardCharsets.UTF_8), IpcCommand.SET_HOSTNAME_OK));
    }

    public Map<String, Object> setVisibility(boolean isPublic) throws PilotException {
        return details(jsonRequest("set visibility", IpcCommand.SET_VISIBILITY, new byte[] {(byte) (isPublic ? 1 : 0)}, IpcCommand.SET_VISIBILITY_OK));
    }

    /** At most 3 tags. */
    public Map<String, Object> setTags(List<String> tags) throws PilotException {
        if (tags.size() > 3) {
            throw new IllegalArgumentException("a node has at most 3 tags, got " + tags.size());
        }
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tags are not serialisable: " + e.getMessage(), e);
        }
        return details(jsonRequest("set tags", IpcCommand.SET_TAGS, payload, IpcCommand.SET_TAGS_OK));
    }

    /** Sets the daemon's webhook URL; null or empty clears it. */
    public Map<String, Object> setWebhook(String url) throws PilotException {
        String u = url == null ? "" : url;
        return details(jsonRequest("set webhook", IpcCommand.SET_WEBHOOK, u.getBytes(StandardCharsets.UTF_8), IpcCommand.SET_WEBHOOK_OK));
    }

    public Map<String, Object> deregister() throws PilotException {
        return details(jsonRequest("deregister", IpcCommand.DEREGISTER, new byte[0], IpcCommand.DEREGISTER_OK));
    }

    /** v1.2.2 only: flags the node as a task executor in the registry ({@code pilotctl enable-tasks}). */
    public void setTaskExecution(boolean enabled) throws PilotException {
        require(Capability.SET_TASK_EXEC);
        primary.request("set task exec", IpcCommand.SET_TASK_EXEC, new byte[] {(byte) (enabled ? 1 : 0)},
                IpcCommand.SET_TASK_EXEC_OK, options.requestTimeout(), -1, b -> null);
    }

    // ------------------------------------------------------------------ trust

    public Map<String, Object> requestTrust(long nodeId, String justification) throws PilotException {
        byte[] text = (justification == null ? "" : justification).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(5 + text.length).put((byte) 0x01).putInt((int) nodeId).put(text);
        return details(handshake("handshake request to node " + nodeId, b.array(), options.requestTimeout()));
    }

    public Map<String, Object> approveTrust(long nodeId) throws PilotException {
        return details(handshake("approve node " + nodeId, ByteBuffer.allocate(5).put((byte) 0x02).putInt((int) nodeId).array(),
                options.requestTimeout()));
    }

    public Map<String, Object> rejectTrust(long nodeId, String reason) throws PilotException {
        byte[] text = (reason == null ? "" : reason).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(5 + text.length).put((byte) 0x03).putInt((int) nodeId).put(text);
        return details(handshake("reject node " + nodeId, b.array(), options.requestTimeout()));
    }

    public List<PendingHandshake> pendingTrust() throws PilotException {
        JsonNode json = handshake("pending handshakes", new byte[] {0x04}, options.requestTimeout());
        List<PendingHandshake> out = new ArrayList<>();
        for (JsonNode n : json.path("pending")) {
            out.add(new PendingHandshake(n.path("node_id").asLong(), n.path("public_key").asText(""),
                    n.path("justification").asText(""), n.path("received_at").asLong()));
        }
        return out;
    }

    public List<TrustedPeer> trustedPeers() throws PilotException {
        JsonNode json = handshake("trusted peers", new byte[] {0x05}, options.requestTimeout());
        List<TrustedPeer> out = new ArrayList<>();
        for (JsonNode n : json.path("trusted")) {
            out.add(new TrustedPeer(n.path("node_id").asLong(), n.path("public_key").asText(""),
                    n.path("mutual").asBoolean(), n.path("network").asLong(), n.path("approved_at").asText("")));
        }
        return out;
    }

    public Map<String, Object> revokeTrust(long nodeId) throws PilotException {
        return details(handshake("revoke node " + nodeId, ByteBuffer.allocate(5).put((byte) 0x06).putInt((int) nodeId).array(),
                options.requestTimeout()));
    }

    /**
     * Waits until {@code nodeId} is trusted. Newest daemons block server-side (0x0F/07, at most 30 s per call);
     * on v1.2.2 the trusted list is polled every 250 ms instead.
     */
    public boolean waitForTrust(long nodeId, Duration timeout) throws PilotException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long leftMs = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            if (supports(Capability.WAIT_FOR_TRUST)) {
                long waitMs = Math.min(leftMs, 30_000);
                byte[] payload = ByteBuffer.allocate(9).put((byte) 0x07).putInt((int) nodeId).putInt((int) waitMs).array();
                JsonNode json = handshake("wait for trust of node " + nodeId, payload,
                        Duration.ofMillis(waitMs).plus(options.requestTimeout()));
                if (json.path("trusted").asBoolean()) {
                    return true;
                }
            } else if (trustedPeers().stream().anyMatch(p -> p.nodeId() == nodeId)) {
                return true;
            } else if (leftMs > 0) {
                sleep(Math.min(250, leftMs));
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
        }
    }

    private JsonNode handshake(String operation, byte[] payload, Duration timeout) throws PilotException {
        Object reply = primary.request(operation, IpcCommand.HANDSHAKE, payload, IpcCommand.HANDSHAKE_OK, timeout, -1,
                PilotDriver::parseJson);
        return (JsonNode) reply;
    }

    /** A daemon reply as plain Java (maps, lists, strings, numbers, booleans), so no Jackson type is public. */
    static Map<String, Object> details(JsonNode json) {
        return Collections.unmodifiableMap(JSON.convertValue(json, DETAILS));
    }

    private JsonNode jsonRequest(String operation, byte cmd, byte[] payload, byte ok) throws PilotException {
        return (JsonNode) primary.request(operation, cmd, payload, ok, options.requestTimeout(), -1, PilotDriver::parseJson);
    }

    private static Object parseJson(ByteBuffer reply) {
        if (!reply.hasRemaining()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(StandardCharsets.UTF_8.decode(reply).toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reply is not JSON: " + e.getOriginalMessage());
        }
    }

    // ------------------------------------------------------------------ streams

    /** Dials {@code target} with the default dial timeout. */
    public PilotConnection dial(PilotSocketAddress target) throws PilotException {
        return dial(target, options.dialTimeout());
    }

    /** Dials {@code addressOrHostname:port}; a hostname is resolved through the registry first. */
    public PilotConnection dial(String addressOrHostname, int port, Duration timeout) throws PilotException {
        return dial(new PilotSocketAddress(resolve(addressOrHostname), PilotSocketAddress.checkPort(port)), timeout);
    }

    /**
     * Opens a stream to {@code target}. Blocks until the daemon reports the connection established or failed.
     * On timeout the daemon's dial is cancelled (newest) and a late success is closed at once.
     */
    public PilotConnection dial(PilotSocketAddress target, Duration timeout) throws PilotException {
        IpcSession session = dialSession();
        ByteBuffer payload = ByteBuffer.allocate(8);
        target.address().write(payload);
        payload.putShort((short) target.port());
        return (PilotConnection) session.request("dial " + target, IpcCommand.DIAL, payload.array(), IpcCommand.DIAL_OK,
                timeout, -1, reply -> session.adoptDialed(Integer.toUnsignedLong(reply.getInt()), target));
    }

    /** Binds {@code port} for this driver: peers' connections to it arrive at {@link PilotListener#accept}. */
    public PilotListener listen(int port) throws PilotException {
        return listen(port, PilotListenOptions.defaults(options));
    }

    /** Binds {@code port} with limits on what peers' connections to it may cost (see {@link PilotListenOptions}). */
    public PilotListener listen(int port, PilotListenOptions limits) throws PilotException {
        PilotSocketAddress.checkPort(port);
        PilotListener listener = new PilotListener(port, primary, options.acceptQueueCapacity(), limits);
        primary.register(listener); // before Bind, so an Accept right after BindOK finds it
        try {
            primary.request("bind " + port, IpcCommand.BIND, ByteBuffer.allocate(2).putShort((short) port).array(),
                    IpcCommand.BIND_OK, options.requestTimeout(), -1, b -> null);
        } catch (PilotException e) {
            listener.fail(e);
            throw e;
        }
        return listener;
    }

    private IpcSession dialSession() throws PilotException {
        ensureConnected();
        synchronized (dialSessions) {
            dialSessions.removeIf(s -> !s.isOpen());
            IpcSession leastBusy = null;
            for (IpcSession s : dialSessions) {
                if (s.isIdle()) {
                    return s;
                }
                if (leastBusy == null || s.connectionCount() < leastBusy.connectionCount()) {
                    leastBusy = s;
                }
            }
            if (dialSessions.size() < options.maxDialConnections()) {
                IpcSession s = new IpcSession(id + "-dial" + (dialSessions.size() + 1), openChannel(socketPath), this, false);
                s.start();
                dialSessions.add(s);
                return s;
            }
            return leastBusy; // all busy: wait for this one's slot (bounded by the dial timeout)
        }
    }

    // ------------------------------------------------------------------ datagrams

    /** Sends one datagram (at most 65535 bytes); fire-and-forget, errors are not reported by the daemon. */
    public void sendTo(PilotSocketAddress target, byte[] data) throws PilotException {
        primary.fireAndForget(IpcCommand.SEND_TO, sendToPayload(target, data));
    }

    /** Sends one datagram and waits for the daemon to confirm it left (newest, feature {@code dgram_confirm}). */
    public void sendToConfirmed(PilotSocketAddress target, byte[] data) throws PilotException {
        require(Capability.CONFIRMED_SEND_TO);
        primary.request("confirmed datagram to " + target, IpcCommand.SEND_TO_CONFIRM, sendToPayload(target, data),
                IpcCommand.SEND_TO_OK, options.requestTimeout(), -1, b -> null);
    }

    private static byte[] sendToPayload(PilotSocketAddress target, byte[] data) {
        if (data.length > 65535) {
            throw new IllegalArgumentException("a Pilot datagram carries at most 65535 bytes, got " + data.length);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        target.address().write(b);
        b.putShort((short) target.port()).put(data);
        return b.array();
    }

    /** Starts collecting datagrams addressed to {@code port} on this node. */
    public PilotDatagramReceiver openDatagramPort(int port) throws PilotException {
        PilotSocketAddress.checkPort(port);
        ensureConnected();
        PilotDatagramReceiver receiver = new PilotDatagramReceiver(port, this, options.datagramQueueCapacity());
        if (datagramReceivers.putIfAbsent(port, receiver) != null) {
            throw new PilotException("datagram port " + port + " is already open on this driver");
        }
        return receiver;
    }

    /** Datagrams that arrived for a port nobody opened. */
    public long unclaimedDatagrams() {
        return unclaimedDatagrams.get();
    }

    void removeDatagramReceiver(PilotDatagramReceiver receiver) {
        datagramReceivers.remove(receiver.port(), receiver);
    }

    void deliverDatagram(PilotDatagram datagram) {
        PilotDatagramReceiver r = datagramReceivers.get(datagram.destinationPort());
        if (r == null) {
            unclaimedDatagrams.incrementAndGet();
        } else {
            r.deliver(datagram);
        }
    }

    // ------------------------------------------------------------------ diagnostics

    /** Frames the daemon sent that fit no request or push (late replies, unknown command bytes). */
    public long unexpectedFrames() {
        long n = primary.unexpectedFrames();
        for (IpcSession s : dialSessions) {
            n += s.unexpectedFrames();
        }
        return n;
    }

    /** Error frames for fire-and-forget sends (v1.2.2 reports failed Sends this way). */
    public long strayErrors() {
        long n = primary.strayErrors();
        for (IpcSession s : dialSessions) {
            n += s.strayErrors();
        }
        return n;
    }

    /** Open IPC connections (primary + dial pool). */
    public int ipcConnectionCount() {
        return (primary.isOpen() ? 1 : 0) + (int) dialSessions.stream().filter(IpcSession::isOpen).count();
    }

    // ------------------------------------------------------------------ internals used by sessions

    /**
     * Tells the daemon to close a connection the application already closed ({@link PilotConnection#closeInBackground}),
     * off the caller's thread (the IPC reader never writes to the socket). One closer thread works through the
     * queue and ends when it is empty, so a flood of refused connections costs no thread each.
     */
    void closeLater(PilotConnection conn) {
        toClose.add(conn);
        if (closerRunning.compareAndSet(false, true)) {
            Thread t = options.threadFactory().newThread(this::closeQueued);
            t.setName("pilot-ipc-closer-" + id);
            t.setDaemon(true);
            t.start();
        }
    }

    private void closeQueued() {
        while (true) {
            PilotConnection conn;
            while ((conn = toClose.poll()) != null) {
                try {
                    conn.sendClose();
                } catch (PilotException e) {
                    LOG.debug("closing {}: {}", conn, e.getMessage());
                }
            }
            closerRunning.set(false);
            // a connection queued after the last poll but before the flag dropped would be stranded: re-check
            if (toClose.isEmpty() || !closerRunning.compareAndSet(false, true)) {
                return;
            }
        }
    }

    void discardLateReply(String operation, Object value) {
        if (value instanceof PilotConnection conn) {
            LOG.info("{} completed after its caller timed out; closing {}", operation, conn);
            conn.closeInBackground();
        }
    }

    void sessionClosed(IpcSession session, PilotDisconnectedException cause) {
        if (session != primary) {
            dialSessions.remove(session);
            if (primary.isOpen()) {
                return;
            }
        }
        synchronized (this) {
            if (disconnectCause != null) {
                return;
            }
            disconnectCause = cause;
        }
        primary.close(cause);
        for (IpcSession s : dialSessions) {
            s.close(cause);
        }
        for (PilotDatagramReceiver r : datagramReceivers.values()) {
            r.fail(cause);
        }
        datagramReceivers.clear();
        for (Consumer<PilotDisconnectedException> l : disconnectListeners) {
            try {
                l.accept(cause);
            } catch (RuntimeException e) {
                LOG.warn("disconnect listener failed", e);
            }
        }
    }

    private void ensureConnected() throws PilotDisconnectedException {
        PilotDisconnectedException c = disconnectCause;
        if (c != null) {
            throw c;
        }
    }

    private static void sleep(long ms) throws PilotException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PilotException("interrupted");
        }
    }

    /** Closes every IPC connection: all binds and connections of this driver end. */
    @Override
    public void close() {
        sessionClosed(primary, new PilotDisconnectedException("driver closed by the application"));
    }

    @Override
    public String toString() {
        return "PilotDriver[" + socketPath + ", " + (generation == null ? "?" : generation) + "]";
    }
}
