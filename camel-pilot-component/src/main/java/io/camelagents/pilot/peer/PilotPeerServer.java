package io.camelagents.pilot.peer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.camelagents.pilot.driver.ByteBudget;
import io.camelagents.pilot.driver.LogThrottle;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotListenOptions;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.protocol.FrameAssembler;
import io.camelagents.pilot.protocol.MalformedFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the connections peers open to one bound port without a thread per connection. The driver signals when
 * data arrives; a worker then drains what is there into the connection's {@link FrameAssembler} and hands
 * complete frames to the {@link Protocol}, one drain per connection at a time (so frames stay in order). Idle
 * connections cost no thread. Every peer is treated as hostile:
 * <ul>
 * <li>at most {@code maxConnections} open at once (the driver closes further ones on arrival);</li>
 * <li>announced lengths are never allocated: bodies grow with the bytes that arrive, and everything received
 * but not yet processed, across all connections, is bounded by {@code maxBytesInFlight};</li>
 * <li>each frame must be complete within {@code frameTimeout} of its first byte, and a connection that sends
 * nothing for {@code idleTimeout} is closed;</li>
 * <li>every connection closed for a reason is logged (rate-limited per reason) and counted.</li>
 * </ul>
 */
public final class PilotPeerServer {
    private static final Logger LOG = LoggerFactory.getLogger(PilotPeerServer.class);
    private static final int READ_CHUNK = 16 * 1024;
    /** One read buffer per worker thread, not one per data signal: signals come once per arriving chunk. */
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[READ_CHUNK]);

    /** What one application protocol does with its connections; called on a worker, never twice at once per channel. */
    public interface Protocol {
        /** Bytes of a frame header; 0 for raw framing (every chunk that arrives is a frame of its own). */
        int headerBytes();

        /** A complete header, before any byte of its body is kept: collect, skip, or refuse (close and stop). */
        FrameAssembler.Body onHeader(PilotPeerChannel channel, ByteBuffer header) throws Exception;

        /** A complete frame. The server releases its bytes afterwards unless the protocol kept them. */
        void onFrame(PilotPeerChannel channel, FrameAssembler.Frame frame) throws Exception;

        /** The peer closed its side and everything it sent was handled. Default: close ours. */
        default void onPeerClosed(PilotPeerChannel channel) {
            channel.close();
        }
    }

    /** The bounds; the component builds them from the endpoint's options ({@code PilotConfiguration#peerLimits}). */
    public record Limits(int maxConnections, long frameTimeoutMillis, long idleTimeoutMillis, long maxBytesInFlight,
            int maxFrameBytes) {
    }

    private final String name;
    private final Limits limits;
    private final ExecutorService workers;
    private final Protocol protocol;
    private final ByteBudget budget;
    private final Set<PilotPeerChannel> channels = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> sweeper;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, LogThrottle> logThrottles = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private volatile PilotListener listener;

    public PilotPeerServer(String name, Limits limits, ExecutorService workers, ScheduledExecutorService timer, Protocol protocol) {
        this.name = name;
        this.limits = limits;
        this.workers = workers;
        this.protocol = protocol;
        this.budget = new ByteBudget(limits.maxBytesInFlight());
        long every = Math.max(50, Math.min(1000, Math.min(limits.frameTimeoutMillis(),
                limits.idleTimeoutMillis() > 0 ? limits.idleTimeoutMillis() : Long.MAX_VALUE) / 4));
        this.sweeper = timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    public Limits limits() {
        return limits;
    }

    public ByteBudget budget() {
        return budget;
    }

    /** Binds {@code port} with this server's limits. */
    public PilotListener listen(PilotDriver driver, int port) throws PilotException {
        // one frame may wait unread while the previous one is processed; the shared budget bounds them all
        long perConnection = Math.min(limits.maxBytesInFlight(), (long) limits.maxFrameBytes() + 64 * 1024);
        return driver.listen(port, new PilotListenOptions(limits.maxConnections(), Math.max(1024, perConnection), budget));
    }

    /** Takes connections from {@code l} until it closes or {@code running} turns false. */
    public void acceptFrom(PilotListener l, BooleanSupplier running) throws PilotException, InterruptedException {
        listener = l;
        try {
            while (running.getAsBoolean()) {
                register(l.accept(null));
            }
        } finally {
            listener = null;
        }
    }

    private void register(PilotConnection conn) {
        accepted.incrementAndGet();
        int header = protocol.headerBytes();
        PilotPeerChannel ch = new PilotPeerChannel(conn, header > 0 ? new FrameAssembler(header, budget) : null);
        channels.add(ch);
        conn.setDataListener(() -> signal(ch)); // runs on the IPC reader: only schedules
    }

    private void signal(PilotPeerChannel ch) {
        if (ch.pendingSignals.getAndIncrement() == 0) {
            try {
                workers.execute(() -> drain(ch));
            } catch (RejectedExecutionException stopping) {
                ch.pendingSignals.set(0);
                ch.close();
                forget(ch);
            }
        }
    }

    /** Runs until no signal is left, so a signal that arrives while draining is never lost. */
    private void drain(PilotPeerChannel ch) {
        int seen;
        do {
            seen = ch.pendingSignals.get();
            pump(ch);
        } while (ch.pendingSignals.addAndGet(-seen) != 0);
    }

    private void pump(PilotPeerChannel ch) {
        PilotConnection conn = ch.connection();
        byte[] buf = READ_BUFFER.get();
        try {
            while (true) {
                int n = ch.isClosed() ? -1 : conn.readAvailable(buf, 0, buf.length);
                if (n == 0) {
                    if (ch.closingWhenDrained && !ch.isHandedOver()) {
                        closeDrained(ch);
                    }
                    return;
                }
                if (n < 0) {
                    ended(ch);
                    return;
                }
                ch.lastActivityNanos = System.nanoTime();
                if (ch.discarding) {
                    continue;
                }
                ch.busy = true;
                try {
                    if (!consume(ch, buf, n)) {
                        return;
                    }
                } finally {
                    ch.busy = false;
                    ch.lastActivityNanos = System.nanoTime();
                }
            }
        } catch (MalformedFrameException e) {
            closeFor(ch, "malformed", e.getMessage());
        } catch (FrameAssembler.OverBudgetException e) {
            closeFor(ch, "over-budget", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("serving a connection from {} on {} failed unexpectedly", ch.remote(), name, e);
            closeFor(ch, "failed", String.valueOf(e));
        } catch (Exception e) {
            closeFor(ch, "failed", String.valueOf(e.getMessage() != null ? e.getMessage() : e));
        }
    }

    /**
     * The owner of a handed-over connection is done with it: the server takes it back and closes it once what
     * has arrived is handled (a peer that pipelined more is answered until it closes or idles).
     */
    public void takeBack(PilotPeerChannel ch) {
        ch.closeWhenDrained();
        ch.takeBack();
        signal(ch);
    }

    /**
     * The owner of a handed-over connection is done with it and the peer may open a new conversation on it (task
     * keep-alive): the server serves it again, idle limit included. A connection whose further data was being
     * discarded closes instead.
     */
    public void resume(PilotPeerChannel ch) {
        ch.lastActivityNanos = System.nanoTime();
        ch.takeBack();
        if (ch.discarding) {
            closeFor(ch, "discarded", "the connection's owner is done with it and its later data was discarded");
            return;
        }
        signal(ch);
    }

    /** False when the protocol stopped or closed the channel. */
    private boolean consume(PilotPeerChannel ch, byte[] buf, int n) throws Exception {
        FrameAssembler assembler = ch.assembler();
        if (assembler == null) {
            FrameAssembler.Frame frame = FrameAssembler.rawFrame(Arrays.copyOf(buf, n));
            ch.countFrame();
            protocol.onFrame(ch, frame);
            return !ch.isClosed();
        }
        boolean go = assembler.feed(buf, 0, n, header -> protocol.onHeader(ch, header), frame -> {
            ch.countFrame();
            try {
                protocol.onFrame(ch, frame);
            } finally {
                frame.release();
            }
        });
        return go && !ch.isClosed();
    }

    /**
     * A connection that a task now owns keeps receiving bytes we will not read: drop them as they arrive, so
     * the peer cannot park data in our memory for the task's lifetime.
     */
    void discardRest(PilotPeerChannel ch, String why) {
        ch.discarding = true;
        ch.connection().discardIncoming();
        if (ch.assembler() != null) {
            ch.assembler().release(); // called on the channel's drain, the only thread that touches its assembler
        }
        count("discarded");
        log("discarding", "discarding further data from " + ch.remote() + " on " + name + ": " + why);
    }

    private void ended(PilotPeerChannel ch) {
        FrameAssembler a = ch.assembler();
        boolean partial = a != null && a.inFrame();
        if (a != null) {
            a.release();
        }
        if (ch.isClosed() || ch.isHandedOver()) {
            forget(ch); // a handed-over connection is closed by its owner
            return;
        }
        if (partial) {
            closeFor(ch, "truncated", "the peer closed inside a frame");
            return;
        }
        protocol.onPeerClosed(ch);
        forget(ch);
    }

    /**
     * The conversation is over and everything that arrived was handled. A peer that had already sent more (it
     * pipelines) is answered until it closes or goes idle instead; anyone else is closed now, as v1.2.2 does.
     */
    private void closeDrained(PilotPeerChannel ch) {
        FrameAssembler a = ch.assembler();
        if (ch.frames() > 1 || (a != null && a.inFrame())) {
            ch.closingWhenDrained = false;
            return;
        }
        ch.close();
        forget(ch);
    }

    /**
     * Closes {@code ch} because of {@code reason} (a short key for the counters), logged at most every 10 s per
     * reason. A handed-over connection stays open for its owner; what arrives on it is dropped from then on.
     */
    public void closeFor(PilotPeerChannel ch, String reason, String detail) {
        if (ch.isHandedOver()) {
            discardRest(ch, detail);
            return;
        }
        if (ch.close()) {
            count("closed." + reason);
            log(reason, "closing connection from " + ch.remote() + " on " + name + " (" + reason + "): " + detail);
        }
        forget(ch);
    }

    private void log(String reason, String line) {
        long heldBack = logThrottles.computeIfAbsent(reason, k -> new LogThrottle(Duration.ofSeconds(10))).admit();
        if (heldBack >= 0) {
            LOG.warn("{}{}", line, LogThrottle.more(heldBack));
        }
    }

    private void forget(PilotPeerChannel ch) {
        channels.remove(ch);
    }

    /** Frame deadlines and idle timeouts; runs on the component's scheduler. */
    private void sweep() {
        long now = System.nanoTime();
        for (PilotPeerChannel ch : channels) {
            if (ch.isClosed()) {
                forget(ch);
                continue;
            }
            if (ch.isHandedOver() || ch.busy) {
                continue;
            }
            FrameAssembler a = ch.assembler();
            if (a != null && a.inFrame() && now - a.frameStartedNanos() > TimeUnit.MILLISECONDS.toNanos(limits.frameTimeoutMillis())) {
                closeFor(ch, "deadline", "a frame was not complete within " + limits.frameTimeoutMillis() + " ms of its first byte ("
                        + a.progress() + " arrived, " + ch.connection().bufferedBytes() + " unread)");
            } else if (limits.idleTimeoutMillis() > 0
                    && now - ch.lastActivityNanos > TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis())) {
                closeFor(ch, "idle", "nothing received for " + limits.idleTimeoutMillis() + " ms");
            }
        }
    }

    /** Closes every connection still open (stop or reconnect). */
    public void closeAll() {
        for (PilotPeerChannel ch : channels) {
            ch.close();
        }
        channels.clear();
    }

    public void stop() {
        sweeper.cancel(false);
        closeAll();
    }

    /** Counters for health checks and tests. */
    public Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("accepted", accepted.get());
        s.put("open", channels.size());
        PilotListener l = listener;
        s.put("refusedOverLimit", l == null ? 0 : l.rejectedOverLimit());
        s.put("bytesInFlight", budget.used());
        counters.forEach((name, n) -> s.put(name, n.get()));
        return s;
    }

    /** Adds one to a named counter (shown in {@link #stats()}). */
    public void count(String counter) {
        counters.computeIfAbsent(counter, k -> new AtomicLong()).incrementAndGet();
    }
}
