package io.camelagents.pilot.testkit.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Pilot Protocol registry for local test networks, written from the wire facts (the official
 * {@code rendezvous} server cannot be installed here). Real {@code pilot-daemon} 1.18.0 processes
 * register with it, find each other, open UDP tunnels on 127.0.0.1 and exchange trust handshakes.
 *
 * <p>It listens on a loopback address only, serves each TCP connection on its own daemon thread
 * and keeps its state in memory, optionally persisted to a JSON {@code store} so node ids survive
 * a registry restart. There is no beacon: run daemons with {@code -beacon ""}.
 *
 * <pre>{@code
 * try (LoopbackRegistry registry = LoopbackRegistry.start(new InetSocketAddress("127.0.0.1", 0))) {
 *     // pilot-daemon -registry registry.hostPort() -beacon "" -listen 127.0.0.1:0 ...
 * }
 * }</pre>
 */
public final class LoopbackRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackRegistry.class);

    /** Largest request frame accepted; a longer one closes that client's connection. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    private final ServerSocket server;
    private final NodeDirectory directory;
    private final RegistryStore store;
    private final TrustBook trust;
    private final RequestDispatcher dispatcher;
    private final FrameCodec codec;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final PresenceTracker presence = new PresenceTracker();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    private LoopbackRegistry(Builder b) throws IOException {
        InetSocketAddress bind = Objects.requireNonNull(b.bind, "bind address");
        InetAddress host = bind.getAddress();
        if (host == null || !host.isLoopbackAddress()) {
            throw new IllegalArgumentException("the loopback registry binds to a loopback address only, not " + bind);
        }
        Clock clock = Clock.systemUTC();
        this.directory = new NodeDirectory(clock, presence);
        this.trust = new TrustBook();
        this.store = b.store == null ? null : new RegistryStore(b.store, json);
        if (store != null) {
            store.load(directory, trust);
        }
        this.codec = new FrameCodec(b.maxFrameBytes);
        this.dispatcher = new RequestDispatcher(json, clock, directory, trust, new HandshakeRelay(clock),
                new SignatureVerifier(b.signaturePolicy), presence, this::persist);
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(bind, 64);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        int port = server.getLocalPort();
        this.connections = Executors.newCachedThreadPool(daemonThreads("pilot-registry-" + port + "-conn-"));
        this.acceptor = daemonThreads("pilot-registry-" + port + "-accept").newThread(this::acceptLoop);
        acceptor.start();
        LOG.info("loopback registry listening on {} (signatures {}, store {})", hostPort(), b.signaturePolicy,
                store == null ? "none" : store.file());
    }

    /**
     * Starts a registry on {@code bind} (port 0 picks a free port), state in memory only.
     *
     * @throws UncheckedIOException if the port cannot be bound or the store cannot be read
     */
    public static LoopbackRegistry start(InetSocketAddress bind) {
        return builder().bind(bind).start();
    }

    /** Starts a registry whose node ids, hostnames and trust pairs are kept in {@code store}. */
    public static LoopbackRegistry start(InetSocketAddress bind, Path store) {
        return builder().bind(bind).store(store).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound TCP port. */
    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), port());
    }

    /** {@code host:port} as pilot-daemon's {@code -registry} and pilotctl's {@code PILOT_REGISTRY} want it. */
    public String hostPort() {
        String h = server.getInetAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    public Optional<Path> store() {
        return store == null ? Optional.empty() : Optional.of(store.file());
    }

    /** Number of registered nodes. */
    public int nodeCount() {
        return directory.size();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops accepting, drops every client connection and writes the store one last time. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing listener: {}", e.toString());
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing client socket: {}", e.toString());
            }
        }
        connections.shutdownNow();
        try {
            if (!connections.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("registry connection threads still running after close");
            }
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        persist();
        LOG.info("loopback registry on port {} closed", port());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (SocketException e) {
                if (!closed) {
                    LOG.warn("registry accept failed: {}", e.toString());
                }
                return;
            } catch (IOException e) {
                LOG.warn("registry accept failed: {}", e.toString());
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                open.add(s);
                long id = connectionIds.incrementAndGet();
                connections.execute(new RegistryConnection(id, s, codec, json, dispatcher, () -> {
                    open.remove(s);
                    presence.connectionClosed(id);
                }));
            } catch (IOException | RuntimeException e) {
                // RejectedExecution while closing, or a socket that died at once.
                open.remove(s);
                closeQuietly(s);
                if (!closed) {
                    LOG.warn("could not serve connection from {}: {}", s.getRemoteSocketAddress(), e.toString());
                }
            }
        }
    }

    private void persist() {
        if (store != null) {
            store.save(directory, trust);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }

    /** Options for {@link LoopbackRegistry}; defaults: signatures WARN, 1 MiB frames, no store. */
    public static final class Builder {
        private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private Path store;
        private SignaturePolicy signaturePolicy = SignaturePolicy.WARN;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;

        private Builder() {
        }

        public Builder bind(InetSocketAddress bind) {
            this.bind = bind;
            return this;
        }

        /** JSON file for node ids etc.; {@code null} keeps everything in memory. */
        public Builder store(Path store) {
            this.store = store;
            return this;
        }

        public Builder signaturePolicy(SignaturePolicy policy) {
            this.signaturePolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder maxFrameBytes(int maxFrameBytes) {
            if (maxFrameBytes < 64) {
                throw new IllegalArgumentException("maxFrameBytes too small: " + maxFrameBytes);
            }
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        /** @throws UncheckedIOException if the port cannot be bound or the store cannot be read */
        public LoopbackRegistry start() {
            try {
                return new LoopbackRegistry(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the loopback registry on " + bind, e);
            }
        }
    }

    /**
     * Standalone: {@code --addr 127.0.0.1:9000 [--store file.json] [--signatures ignore|warn|enforce]}.
     * Prints {@code registry listening on 127.0.0.1:PORT} once ready and runs until killed.
     */
    public static void main(String[] args) throws Exception {
        Builder b = builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9000));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--addr" -> b.bind(parseHostPort(value(args, ++i, a)));
                case "--store" -> b.store(Path.of(value(args, ++i, a)));
                case "--signatures" -> b.signaturePolicy(
                        SignaturePolicy.valueOf(value(args, ++i, a).toUpperCase(Locale.ROOT)));
                case "-h", "--help" -> {
                    System.out.println("usage: LoopbackRegistry --addr 127.0.0.1:9000 [--store file.json]"
                            + " [--signatures ignore|warn|enforce]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        LoopbackRegistry registry = b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "pilot-registry-shutdown"));
        System.out.println("registry listening on " + registry.hostPort());
        System.out.flush();
        registry.acceptor.join();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    static InetSocketAddress parseHostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("want host:port, got " + s);
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(s.substring(colon + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
