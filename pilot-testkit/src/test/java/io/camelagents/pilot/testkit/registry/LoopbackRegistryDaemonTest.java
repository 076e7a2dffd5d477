package io.camelagents.pilot.testkit.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Proves the loopback registry against real pilot-daemon 1.18.0 processes and pilotctl: two
 * daemons register, find each other by hostname, open a UDP tunnel for an echo round trip, trust
 * each other after handshakes from both sides, and keep their node id across a restart. Signatures
 * are ENFORCEd, so every signed request the daemons send is also verified.
 */
class LoopbackRegistryDaemonTest {

    private static final String ADDRESS = "0:0000\\.[0-9A-F]{4}\\.[0-9A-F]{4}";

    private Path base;
    private LoopbackRegistry registry;
    private final List<DaemonProcess> daemons = new ArrayList<>();

    @BeforeEach
    void startRegistry(TestInfo info) throws IOException {
        DaemonProcess.binDir();
        // Short path: unix socket paths must stay under ~100 bytes.
        base = Files.createTempDirectory(Path.of("/tmp"), "plt-");
        registry = LoopbackRegistry.builder()
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .signaturePolicy(SignaturePolicy.ENFORCE)
                .start();
    }

    @AfterEach
    void stopEverything() throws InterruptedException, IOException {
        for (DaemonProcess d : daemons) {
            d.stop();
        }
        if (registry != null) {
            registry.close();
        }
        if (base != null) {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private DaemonProcess daemon(String name, String... flags) throws IOException, InterruptedException {
        DaemonProcess d = new DaemonProcess(base.resolve(name), registry.hostPort(), name, flags);
        daemons.add(d);
        return d.start();
    }

    @Test
    void daemonsRegisterFindEachOtherAndEchoOverTheTunnel() throws Exception {
        DaemonProcess a = daemon("alpha", "-public", "-trust-auto-approve");
        DaemonProcess b = daemon("bravo", "-public", "-trust-auto-approve");
        assertTrue(Files.exists(a.socket()) && Files.exists(b.socket()));

        JsonNode infoA = a.ok("info");
        JsonNode infoB = b.ok("info");
        assertNotEquals(infoA.path("node_id").asLong(), infoB.path("node_id").asLong());
        assertNotEquals(infoA.path("address").asText(), infoB.path("address").asText());
        assertTrue(infoA.path("address").asText().matches(ADDRESS), infoA.toString());
        assertEquals("alpha", infoA.path("hostname").asText());
        assertEquals(2, registry.nodeCount());

        JsonNode found = a.ok("find", "bravo");
        assertEquals(infoB.path("node_id").asLong(), found.path("node_id").asLong());
        assertEquals(infoB.path("address").asText(), found.path("address").asText());

        JsonNode echo = a.ok("connect", infoB.path("address").asText(), "7", "--message", "hi");
        assertEquals("hi", echo.path("response").asText(), echo.toString());
        JsonNode back = b.ok("connect", infoA.path("address").asText(), "7", "--message", "hello");
        assertEquals("hello", back.path("response").asText(), back.toString());
    }

    @Test
    void handshakesFromBothSidesMakeThePeersTrusted() throws Exception {
        DaemonProcess a = daemon("alpha", "-public", "-trust-auto-approve");
        DaemonProcess b = daemon("bravo", "-public", "-trust-auto-approve");
        long idA = a.ok("info").path("node_id").asLong();
        long idB = b.ok("info").path("node_id").asLong();

        a.ok("handshake", Long.toString(idB), "registry test");
        b.ok("handshake", Long.toString(idA), "registry test");

        awaitTrusted(a, idB);
        awaitTrusted(b, idA);
    }

    @Test
    void privateNodesTrustEachOtherThroughTheRegistryRelay() throws Exception {
        DaemonProcess a = daemon("alpha");
        DaemonProcess b = daemon("bravo");
        JsonNode infoA = a.ok("info");
        JsonNode infoB = b.ok("info");
        long idA = infoA.path("node_id").asLong();
        long idB = infoB.path("node_id").asLong();

        // Private and untrusted: the daemon refuses to open a tunnel.
        JsonNode refused = a.ctl("connect", infoB.path("address").asText(), "7", "--message", "hi");
        assertEquals("error", refused.path("status").asText(), refused.toString());
        // ... and the registry hides a private hostname from strangers.
        assertEquals("error", a.ctl("find", "bravo").path("status").asText());

        // resolve is denied for the private peer, so both handshakes go through request/poll/respond.
        a.ok("handshake", Long.toString(idB), "relay test");
        b.ok("handshake", Long.toString(idA), "relay test");
        awaitTrusted(a, idB);
        awaitTrusted(b, idA);

        JsonNode echo = a.ok("connect", infoB.path("address").asText(), "7", "--message", "after trust");
        assertEquals("after trust", echo.path("response").asText(), echo.toString());
    }

    @Test
    void restartWithTheSameIdentityKeepsTheNodeId() throws Exception {
        DaemonProcess a = daemon("alpha", "-public", "-trust-auto-approve");
        DaemonProcess b = daemon("bravo", "-public", "-trust-auto-approve");
        JsonNode infoA = a.ok("info");
        JsonNode before = b.ok("info");

        b.stop();
        b.start();
        JsonNode after = b.ok("info");
        assertEquals(before.path("node_id").asLong(), after.path("node_id").asLong());
        assertEquals(before.path("address").asText(), after.path("address").asText());
        assertEquals(before.path("public_key").asText(), after.path("public_key").asText());
        assertEquals(2, registry.nodeCount());
        assertEquals(after.path("node_id").asLong(), a.ok("find", "bravo").path("node_id").asLong());

        // The restarted daemon has a new UDP port; dialling out re-establishes the tunnel both ways.
        JsonNode echo = b.ok("connect", infoA.path("address").asText(), "7", "--message", "back");
        assertEquals("back", echo.path("response").asText(), echo.toString());
        JsonNode again = a.ok("connect", after.path("address").asText(), "7", "--message", "again");
        assertEquals("again", again.path("response").asText(), again.toString());
    }

    /** Handshakes complete asynchronously (direct, or at the peer's next relay poll). */
    private static void awaitTrusted(DaemonProcess d, long peer) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        JsonNode trust = null;
        while (System.nanoTime() < deadline) {
            trust = d.ok("trust");
            for (JsonNode t : trust.path("trusted")) {
                if (t.path("node_id").asLong() == peer) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        fail(d.hostname() + " never listed node " + peer + " as trusted: " + trust);
    }
}
