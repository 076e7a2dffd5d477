package io.camelagents.pilot.testkit.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotCtlResult;
import io.camelagents.pilot.testkit.PilotNode;
import org.junit.jupiter.api.Test;

/**
 * Proves the loopback registry against real pilot-daemon 1.18.0 processes and pilotctl: daemons register, find
 * each other by hostname, open a UDP tunnel for an echo round trip, trust each other after handshakes from both
 * sides (directly, or through the registry relay for private nodes), and keep their node id across a restart.
 * The fixture runs the registry with signatures ENFORCEd, so every signed request is verified.
 */
class LoopbackRegistryDaemonTest {
    private static final String ADDRESS = "0:0000\\.[0-9A-F]{4}\\.[0-9A-F]{4}";

    private static LocalPilotNetwork.Builder network(String prefix) {
        return LocalPilotNetwork.builder().nodes(2).hostnamePrefix(prefix).forceLoopbackRegistry(true).mutualTrust(false);
    }

    @Test
    void daemonsRegisterFindEachOtherAndEchoOverTheTunnel() {
        try (LocalPilotNetwork net = network("reg").start()) {
            PilotNode a = net.node(0);
            PilotNode b = net.node(1);
            assertNotEquals(a.nodeId(), b.nodeId());
            assertTrue(a.address().matches(ADDRESS), a.address());
            assertEquals("reg-a", a.info().path("hostname").asText());

            JsonNode found = a.pilotctl("find", b.hostname()).orThrow().json();
            assertEquals(b.nodeId(), found.path("node_id").asLong());
            assertEquals(b.address(), found.path("address").asText());

            assertEquals("hi", a.pilotctl("connect", b.address(), "7", "--message", "hi").orThrow().json().path("response").asText());
            assertEquals("hello", b.pilotctl("connect", a.address(), "7", "--message", "hello").orThrow().json().path("response").asText());
        }
    }

    @Test
    void handshakesFromBothSidesMakeThePeersTrusted() {
        try (LocalPilotNetwork net = network("hs").start()) {
            PilotNode a = net.node(0);
            PilotNode b = net.node(1);
            a.pilotctl("handshake", Long.toString(b.nodeId()), "registry test").orThrow();
            b.pilotctl("handshake", Long.toString(a.nodeId()), "registry test").orThrow();
            awaitTrusted(a, b.nodeId());
            awaitTrusted(b, a.nodeId());
        }
    }

    @Test
    void privateNodesTrustEachOtherThroughTheRegistryRelay() {
        try (LocalPilotNetwork net = network("pv").publicNodes(false).autoApproveTrust(false).start()) {
            PilotNode a = net.node(0);
            PilotNode b = net.node(1);
            // Private and untrusted: the daemon refuses to open a tunnel, and the registry hides the hostname.
            assertFalse(a.pilotctl("connect", b.address(), "7", "--message", "hi").ok());
            assertFalse(a.pilotctl("find", b.hostname()).ok());

            // resolve is denied for the private peer, so both handshakes go through request/poll/respond.
            a.pilotctl("handshake", Long.toString(b.nodeId()), "relay test").orThrow();
            b.pilotctl("handshake", Long.toString(a.nodeId()), "relay test").orThrow();
            awaitTrusted(a, b.nodeId());
            awaitTrusted(b, a.nodeId());
            assertEquals("after trust", a.pilotctl("connect", b.address(), "7", "--message", "after trust")
                    .orThrow().json().path("response").asText());
        }
    }

    @Test
    void restartWithTheSameIdentityKeepsTheNodeIdAndKey() {
        try (LocalPilotNetwork net = network("rs").start()) {
            PilotNode a = net.node(0);
            PilotNode b = net.node(1);
            JsonNode before = b.info();
            b.restart(Duration.ofSeconds(30));
            JsonNode after = b.pilotctl("info").orThrow().json();
            assertEquals(before.path("node_id").asLong(), after.path("node_id").asLong());
            assertEquals(before.path("public_key").asText(), after.path("public_key").asText());
            assertEquals(after.path("node_id").asLong(), a.pilotctl("find", b.hostname()).orThrow().json().path("node_id").asLong());
            assertEquals("back", b.pilotctl("connect", a.address(), "7", "--message", "back").orThrow().json().path("response").asText());
            assertEquals("again", a.pilotctl("connect", b.address(), "7", "--message", "again").orThrow().json().path("response").asText());
        }
    }

    /** Handshakes complete asynchronously (direct, or at the peer's next relay poll). */
    private static void awaitTrusted(PilotNode node, long peer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        PilotCtlResult trust = null;
        while (System.nanoTime() < deadline) {
            trust = node.pilotctl("trust");
            if (trust.ok() && trust.json().toString().contains("\"node_id\":" + peer)) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail(node.name() + " never listed node " + peer + " as trusted: " + trust);
    }
}
