package io.camelagents.pilot.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The driver against two REAL daemons on 127.0.0.1, once per daemon generation (the subclasses name it with
 * {@code @PilotNetwork}). Fails when the binaries are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDriverIntegrationTest {
    private LocalPilotNetwork network;
    private PilotNode nodeA;
    private PilotNode nodeB;
    private PilotDriver a;
    private PilotDriver b;

    @BeforeAll
    void connect(LocalPilotNetwork network) throws Exception {
        this.network = network;
        this.nodeA = network.node(0);
        this.nodeB = network.node(1);
        this.a = PilotDriver.connect(nodeA.socketPath().toString());
        this.b = PilotDriver.connect(nodeB.socketPath().toString());
    }

    @AfterAll
    void disconnect() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private PilotSocketAddress bAt(int port) {
        return new PilotSocketAddress(PilotAddress.parse(nodeB.address()), port);
    }

    /** The generation the subclass's daemons are. */
    abstract DaemonGeneration expectedGeneration();

    @Test
    void infoDetectsTheGenerationAndCapabilities() throws Exception {
        NodeInfo info = a.refreshInfo();
        assertEquals(nodeA.nodeId(), info.nodeId());
        assertEquals(nodeA.address(), info.address().toString());
        assertEquals(expectedGeneration(), a.generation());
        if (expectedGeneration() == DaemonGeneration.NEWEST) {
            assertNotNull(info.version());
            assertTrue(a.supports(Capability.HEALTH));
            assertTrue(a.health().containsKey("status"), a.health().toString());
            assertThrows(PilotUnsupportedException.class, () -> a.setTaskExecution(true));
        } else {
            assertTrue(a.supports(Capability.DAEMON_TASK_SERVICE));
            assertThrows(PilotUnsupportedException.class, a::health);
            a.setTaskExecution(true); // flags the node as a task executor in the registry (0x1D)
        }
    }

    @Test
    void resolvesHostnames() throws Exception {
        ResolvedHostname r = a.resolveHostname(nodeB.hostname());
        assertEquals(nodeB.nodeId(), r.nodeId());
        assertEquals(nodeB.address(), r.address().toString());
        assertEquals(PilotAddress.parse(nodeB.address()), a.resolve(nodeB.hostname()));
        assertThrows(PilotAddressFormatException.class, () -> a.resolveHostname("Not_Valid"));
        assertThrows(PilotDaemonException.class, () -> a.resolveHostname("no-such-host"));
    }

    @Test
    void nodesTrustEachOther() throws Exception {
        assertTrue(a.trustedPeers().stream().anyMatch(p -> p.nodeId() == nodeB.nodeId()), a.trustedPeers().toString());
        assertTrue(b.trustedPeers().stream().anyMatch(p -> p.nodeId() == nodeA.nodeId()));
        assertTrue(a.waitForTrust(nodeB.nodeId(), Duration.ofSeconds(5)));
        assertTrue(a.pendingTrust().isEmpty());
    }

    @Test
    void dialsTheEchoPort() throws Exception {
        try (PilotConnection c = a.dial(bAt(7), Duration.ofSeconds(20))) {
            byte[] msg = "hello through pilot".getBytes(StandardCharsets.UTF_8);
            c.getOutputStream().write(msg);
            byte[] back = new byte[msg.length];
            c.setReadTimeoutMillis(10_000);
            new DataInputStream(c.getInputStream()).readFully(back);
            assertArrayEquals(msg, back);
        }
    }

    @Test
    void bindsAndAcceptsAcrossDaemons() throws Exception {
        try (PilotListener listener = b.listen(2000); PilotConnection out = a.dial(bAt(2000), Duration.ofSeconds(20))) {
            PilotConnection in = listener.accept(Duration.ofSeconds(20));
            assertEquals(nodeA.address(), in.remote().address().toString());
            assertEquals(2000, in.localPort());
            out.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            byte[] got = new byte[4];
            in.setReadTimeoutMillis(10_000);
            new DataInputStream(in.getInputStream()).readFully(got);
            assertEquals("ping", new String(got, StandardCharsets.UTF_8));
            in.getOutputStream().write("pong".getBytes(StandardCharsets.UTF_8));
            in.close();
            out.setReadTimeoutMillis(10_000);
            assertEquals("pong", new String(out.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    "data, then end of stream after the peer closed");
            assertTrue(out.isRemoteClosed());
        }
    }

    @Test
    void transfers16MiBEachWayIntact() throws Exception {
        byte[] toB = randomBytes(16 * 1024 * 1024, 1);
        byte[] toA = randomBytes(16 * 1024 * 1024, 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (PilotListener listener = b.listen(2001); PilotConnection ca = a.dial(bAt(2001), Duration.ofSeconds(20))) {
            PilotConnection cb = listener.accept(Duration.ofSeconds(20));
            ca.setReadTimeoutMillis(60_000);
            cb.setReadTimeoutMillis(60_000);
            Future<?> writeA = pool.submit(() -> write(ca.getOutputStream(), toB));
            Future<?> writeB = pool.submit(() -> write(cb.getOutputStream(), toA));
            Future<byte[]> readB = pool.submit(() -> readN(cb.getInputStream(), toB.length));
            Future<byte[]> readA = pool.submit(() -> readN(ca.getInputStream(), toA.length));
            writeA.get(120, TimeUnit.SECONDS);
            writeB.get(120, TimeUnit.SECONDS);
            assertArrayEquals(sha256(toB), sha256(readB.get(120, TimeUnit.SECONDS)));
            assertArrayEquals(sha256(toA), sha256(readA.get(120, TimeUnit.SECONDS)));
            cb.close();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void datagramsArriveOnTheirPort() throws Exception {
        try (PilotDatagramReceiver rx = b.openDatagramPort(3000)) {
            byte[] first = "datagram-1".getBytes(StandardCharsets.UTF_8);
            // Datagrams are unreliable: send a bounded few until one arrives.
            PilotDatagram got = null;
            for (int i = 0; i < 10 && got == null; i++) {
                a.sendTo(bAt(3000), first);
                try {
                    got = rx.receive(Duration.ofSeconds(1));
                } catch (PilotTimeoutException retry) {
                    // send again
                }
            }
            assertNotNull(got, "no datagram arrived after 10 sends");
            assertArrayEquals(first, got.data());
            assertEquals(3000, got.destinationPort());
            assertEquals(nodeA.address(), got.source().address().toString());
            if (a.supports(Capability.CONFIRMED_SEND_TO)) {
                a.sendToConfirmed(bAt(3000), "confirmed".getBytes(StandardCharsets.UTF_8));
                PilotDatagram confirmed;
                do {
                    confirmed = rx.receive(Duration.ofSeconds(5));
                } while (!new String(confirmed.data(), StandardCharsets.UTF_8).equals("confirmed"));
            } else {
                assertThrows(PilotUnsupportedException.class, () -> a.sendToConfirmed(bAt(3000), new byte[1]));
            }
        }
    }

    @Test
    void fiftyConcurrentStreams() throws Exception {
        int streams = 50;
        ExecutorService pool = Executors.newFixedThreadPool(streams + 2);
        try (PilotListener listener = b.listen(2002)) {
            // echo server on B: one task per accepted connection
            pool.submit(() -> {
                for (int i = 0; i < streams; i++) {
                    PilotConnection c = listener.accept(Duration.ofSeconds(60));
                    pool.submit(() -> {
                        c.setReadTimeoutMillis(60_000);
                        byte[] data = readN(c.getInputStream(), 64 * 1024);
                        c.getOutputStream().write(data);
                        return null;
                    });
                }
                return null;
            });
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                int seed = 100 + i;
                results.add(pool.submit((Callable<Boolean>) () -> {
                    byte[] data = randomBytes(64 * 1024, seed);
                    try (PilotConnection c = a.dial(bAt(2002), Duration.ofSeconds(30))) {
                        c.setReadTimeoutMillis(60_000);
                        c.getOutputStream().write(data);
                        return java.util.Arrays.equals(data, readN(c.getInputStream(), data.length));
                    }
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(180, TimeUnit.SECONDS));
            }
            assertTrue(a.ipcConnectionCount() <= 1 + a.options().maxDialConnections());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void bindingADaemonOwnedPortIsADaemonError() {
        PilotDaemonException e = assertThrows(PilotDaemonException.class, () -> a.listen(1002));
        assertTrue(e.getMessage().contains("bind 1002"), e.getMessage());
    }

    static Void write(OutputStream out, byte[] data) throws Exception {
        int off = 0;
        while (off < data.length) { // uneven writes exercise chunking both below and above one IPC frame
            int n = Math.min(data.length - off, 3 * 1024 * 1024 + 17);
            out.write(data, off, n);
            off += n;
        }
        return null;
    }

    static byte[] readN(InputStream in, int n) throws Exception {
        byte[] buf = new byte[n];
        new DataInputStream(in).readFully(buf);
        return buf;
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
