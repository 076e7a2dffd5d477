package io.camelagents.pilot.testkit.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelagents.pilot.driver.PilotAddress;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire-level tests of the loopback registry with a tiny Java client and real Ed25519 keys: framing,
 * reply shapes, id stability, visibility and trust rules, the handshake relay, bounds and errors.
 */
class LoopbackRegistryProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoopbackRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private LoopbackRegistry start(SignaturePolicy policy) {
        registry = LoopbackRegistry.builder().signaturePolicy(policy).maxFrameBytes(4096).start();
        return registry;
    }

    // ---- a minimal registry client ---------------------------------------------------------

    /** A node identity: Ed25519 key pair plus the raw public key the registry wants. */
    static final class Identity {
        final KeyPair keys;
        final String publicKey;

        Identity() throws Exception {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] spki = keys.getPublic().getEncoded();
            publicKey = Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        }

        String sign(String challenge) throws Exception {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(keys.getPrivate());
            s.update(challenge.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        }
    }

    static final class Client implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;

        Client(LoopbackRegistry r) throws IOException {
            socket = new Socket("127.0.0.1", r.port());
            socket.setSoTimeout(5000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        JsonNode call(ObjectNode req) throws IOException {
            byte[] body = JSON.writeValueAsBytes(req);
            out.write(ByteBuffer.allocate(4).putInt(body.length).array());
            out.write(body);
            out.flush();
            return read();
        }

        JsonNode read() throws IOException {
            int len = in.readInt();
            byte[] body = new byte[len];
            in.readFully(body);
            return JSON.readTree(body);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static ObjectNode req(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static JsonNode register(Client c, Identity id, String listen) throws Exception {
        ObjectNode r = req("register").put("listen_addr", listen).put("public_key", id.publicKey)
                .put("owner", "x@example.org").put("version", "1.18.0")
                .put("signature", id.sign("register:" + listen + ":" + id.publicKey));
        return c.call(r);
    }

    private static JsonNode signed(Client c, Identity id, ObjectNode r, String challenge) throws Exception {
        return c.call(r.put("signature", id.sign(challenge)));
    }

    // ---- tests -----------------------------------------------------------------------------

    @Test
    void registerAssignsAddressesAndTheSameKeyKeepsItsId() throws Exception {
        start(SignaturePolicy.ENFORCE);
        Identity one = new Identity();
        Identity two = new Identity();
        try (Client c = new Client(registry)) {
            JsonNode r1 = register(c, one, "127.0.0.1:40001");
            assertEquals("register_ok", r1.path("type").asText(), r1.toString());
            assertEquals(1, r1.path("node_id").asLong());
            assertEquals("0:0000.0000.0001", r1.path("address").asText());
            assertEquals(0, r1.path("network_id").asInt());
            assertEquals(one.publicKey, r1.path("public_key").asText());
            assertEquals("127.0.0.1:40001", r1.path("observed_addr").asText());

            JsonNode r2 = register(c, two, "127.0.0.1:40002");
            assertEquals(2, r2.path("node_id").asLong());
            // Re-register (daemon restart): same key, new port -> same id, endpoint updated.
            JsonNode again = register(c, one, "127.0.0.1:40003");
            assertEquals(1, again.path("node_id").asLong());
            JsonNode vis = signed(c, one, req("set_visibility").put("node_id", 1).put("public", true), "set_visibility:1");
            assertEquals("public", vis.path("visibility").asText(), vis.toString());
            JsonNode look = c.call(req("lookup").put("node_id", 1));
            assertEquals("127.0.0.1:40003", look.path("real_addr").asText(), look.toString());
        }
        assertEquals(2, registry.nodeCount());
        assertEquals("0:0000.0001.0000", PilotAddress.ofNode(65536).toString());
    }

    @Test
    void errorsUseTheRegistryShapeAndKeepTheConnection() throws Exception {
        start(SignaturePolicy.ENFORCE);
        try (Client c = new Client(registry)) {
            JsonNode unknown = c.call(req("frobnicate"));
            assertEquals("error", unknown.path("type").asText());
            assertTrue(unknown.path("error").asText().contains("unknown message type"), unknown.toString());

            JsonNode hb = c.call(req("heartbeat").put("node_id", 77).put("signature", "AAAA"));
            assertEquals("error", hb.path("type").asText());
            assertTrue(hb.path("error").asText().contains("node not found"), hb.toString());

            // Not JSON at all: still one error reply, framing intact.
            byte[] junk = "{nope".getBytes(StandardCharsets.UTF_8);
            c.out.write(ByteBuffer.allocate(4).putInt(junk.length).array());
            c.out.write(junk);
            assertEquals("error", c.read().path("type").asText());

            assertEquals("register_ok", register(c, new Identity(), "127.0.0.1:1").path("type").asText());
        }
    }

    @Test
    void badSignaturesAreRefusedWhenEnforced() throws Exception {
        start(SignaturePolicy.ENFORCE);
        Identity id = new Identity();
        Identity other = new Identity();
        try (Client c = new Client(registry)) {
            ObjectNode forged = req("register").put("listen_addr", "127.0.0.1:1").put("public_key", id.publicKey)
                    .put("signature", other.sign("register:127.0.0.1:1:" + id.publicKey));
            JsonNode r = c.call(forged);
            assertEquals("signature verification failed", r.path("error").asText(), r.toString());
            register(c, id, "127.0.0.1:1");
            JsonNode hb = signed(c, other, req("heartbeat").put("node_id", 1), "heartbeat:1");
            assertEquals("signature verification failed", hb.path("error").asText());
            JsonNode good = signed(c, id, req("heartbeat").put("node_id", 1), "heartbeat:1");
            assertEquals("heartbeat_ok", good.path("type").asText());
            assertTrue(good.path("time").asLong() > 0);
        }
    }

    @Test
    void warnPolicyServesUnsignedRequests() throws Exception {
        start(SignaturePolicy.WARN);
        try (Client c = new Client(registry)) {
            Identity id = new Identity();
            JsonNode r = c.call(req("register").put("listen_addr", "127.0.0.1:9").put("public_key", id.publicKey));
            assertEquals("register_ok", r.path("type").asText(), r.toString());
            assertEquals("heartbeat_ok", c.call(req("heartbeat").put("node_id", 1)).path("type").asText());
        }
    }

    @Test
    void privateNodesNeedTrustToBeResolved() throws Exception {
        start(SignaturePolicy.ENFORCE);
        Identity a = new Identity();
        Identity b = new Identity();
        try (Client c = new Client(registry)) {
            register(c, a, "127.0.0.1:5001");
            register(c, b, "127.0.0.1:5002");
            signed(c, b, req("set_hostname").put("node_id", 2).put("hostname", "bee"), "set_hostname:2");

            JsonNode look = c.call(req("lookup").put("node_id", 2));
            assertFalse(look.path("public").asBoolean());
            assertFalse(look.has("real_addr"), "private lookup must not leak the endpoint: " + look);
            JsonNode denied = signed(c, a, req("resolve").put("node_id", 2).put("requester_id", 1), "resolve:1:2");
            assertTrue(denied.path("error").asText().contains("private"), denied.toString());
            assertEquals("error", c.call(req("resolve_hostname").put("hostname", "bee")).path("type").asText());
            JsonNode self = c.call(req("resolve_hostname").put("hostname", "bee").put("requester_id", 2));
            assertEquals(2, self.path("node_id").asLong(), self.toString());

            JsonNode check = c.call(req("check_trust").put("node_id", 1).put("peer_id", 2));
            assertFalse(check.path("trusted").asBoolean());
            signed(c, a, req("report_trust").put("node_id", 1).put("peer_id", 2), "report_trust:1:2");
            assertTrue(c.call(req("check_trust").put("node_id", 2).put("peer_id", 1)).path("trusted").asBoolean());

            JsonNode ok = signed(c, a, req("resolve").put("node_id", 2).put("requester_id", 1), "resolve:1:2");
            assertEquals("resolve_ok", ok.path("type").asText(), ok.toString());
            assertEquals("127.0.0.1:5002", ok.path("real_addr").asText());
            assertFalse(ok.has("lan_addrs"));
        }
    }

    @Test
    void handshakeRequestsWaitForThePeersPoll() throws Exception {
        start(SignaturePolicy.ENFORCE);
        Identity a = new Identity();
        Identity b = new Identity();
        try (Client c = new Client(registry)) {
            register(c, a, "127.0.0.1:5001");
            register(c, b, "127.0.0.1:5002");
            JsonNode sent = signed(c, a, req("request_handshake").put("from_node_id", 1).put("to_node_id", 2)
                    .put("justification", "hello"), "handshake:1:2");
            assertEquals("delivered", sent.path("status").asText(), sent.toString());
            JsonNode dup = signed(c, a, req("request_handshake").put("from_node_id", 1).put("to_node_id", 2),
                    "handshake:1:2");
            assertTrue(dup.path("error").asText().contains("already pending"), dup.toString());

            JsonNode polled = signed(c, b, req("poll_handshakes").put("node_id", 2), "poll_handshakes:2");
            assertEquals(1, polled.path("requests").size(), polled.toString());
            assertEquals(1, polled.path("requests").get(0).path("from_node_id").asLong());
            assertEquals("hello", polled.path("requests").get(0).path("justification").asText());
            assertEquals(0, signed(c, b, req("poll_handshakes").put("node_id", 2), "poll_handshakes:2")
                    .path("requests").size());

            JsonNode resp = signed(c, b, req("respond_handshake").put("node_id", 2).put("peer_id", 1)
                    .put("accept", true), "respond:2:1");
            assertEquals("respond_handshake_ok", resp.path("type").asText(), resp.toString());
            assertTrue(c.call(req("check_trust").put("node_id", 1).put("peer_id", 2)).path("trusted").asBoolean());
            JsonNode answer = signed(c, a, req("poll_handshakes").put("node_id", 1), "poll_handshakes:1");
            assertEquals(2, answer.path("responses").get(0).path("from_node_id").asLong(), answer.toString());
            assertTrue(answer.path("responses").get(0).path("accept").asBoolean());

            // Approving something nobody asked for must not create trust.
            JsonNode bogus = signed(c, a, req("respond_handshake").put("node_id", 1).put("peer_id", 2)
                    .put("accept", true), "respond:1:2");
            assertEquals("error", bogus.path("type").asText());
        }
    }

    @Test
    void hostnamesAreUniqueWhileTheHolderIsConnected() throws Exception {
        start(SignaturePolicy.ENFORCE);
        Identity a = new Identity();
        Identity b = new Identity();
        try (Client ca = new Client(registry); Client cb = new Client(registry)) {
            register(ca, a, "127.0.0.1:5001");
            register(cb, b, "127.0.0.1:5002");
            assertEquals("set_hostname_ok", signed(ca, a, req("set_hostname").put("node_id", 1)
                    .put("hostname", "shared"), "set_hostname:1").path("type").asText());
            JsonNode taken = signed(cb, b, req("set_hostname").put("node_id", 2).put("hostname", "shared"),
                    "set_hostname:2");
            assertTrue(taken.path("error").asText().contains("already in use"), taken.toString());
            JsonNode invalid = signed(cb, b, req("set_hostname").put("node_id", 2).put("hostname", "Bad_Name"),
                    "set_hostname:2");
            assertTrue(invalid.path("error").asText().contains("invalid hostname"), invalid.toString());

            ca.close(); // node 1's daemon "dies": its connections close
            long deadline = System.currentTimeMillis() + 5000;
            JsonNode moved;
            do {
                Thread.sleep(50);
                moved = signed(cb, b, req("set_hostname").put("node_id", 2).put("hostname", "shared"), "set_hostname:2");
            } while (!"set_hostname_ok".equals(moved.path("type").asText()) && System.currentTimeMillis() < deadline);
            assertEquals("set_hostname_ok", moved.path("type").asText(), moved.toString());
            assertEquals(2, cb.call(req("resolve_hostname").put("hostname", "shared").put("requester_id", 2))
                    .path("node_id").asLong());
        }
    }

    @Test
    void oversizedFramesCloseOnlyThatConnection() throws Exception {
        start(SignaturePolicy.WARN);
        try (Client big = new Client(registry); Client fine = new Client(registry)) {
            big.out.write(ByteBuffer.allocate(4).putInt(1 << 20).array());
            big.out.write(new byte[128]);
            big.out.flush();
            assertThrows(IOException.class, big::read);
            assertEquals("list_networks_ok", fine.call(req("list_networks")).path("type").asText());
        }
    }

    @Test
    void binaryModeIsRefusedWithABinaryError() throws Exception {
        start(SignaturePolicy.WARN);
        try (Client c = new Client(registry)) {
            c.out.write(new byte[] {'P', 'I', 'L', 'T', 1});
            c.out.flush();
            int len = c.in.readInt();
            assertTrue(len > 3);
            assertEquals((byte) 0xFF, c.in.readByte());
        }
    }

    @Test
    void theStoreKeepsNodeIdsAcrossRegistryRestarts(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("registry.json");
        Identity a = new Identity();
        Identity b = new Identity();
        int port;
        try (LoopbackRegistry first = LoopbackRegistry.start(new InetSocketAddress("127.0.0.1", 0), store);
             Client c = new Client(first)) {
            port = first.port();
            register(c, a, "127.0.0.1:5001");
            register(c, b, "127.0.0.1:5002");
            signed(c, b, req("set_hostname").put("node_id", 2).put("hostname", "bee"), "set_hostname:2");
            signed(c, a, req("report_trust").put("node_id", 1).put("peer_id", 2), "report_trust:1:2");
        }
        assertTrue(Files.size(store) > 0);
        registry = LoopbackRegistry.start(new InetSocketAddress("127.0.0.1", 0), store);
        assertNotEquals(0, port);
        try (Client c = new Client(registry)) {
            assertEquals(2, registry.nodeCount());
            JsonNode look = c.call(req("lookup").put("node_id", 2));
            assertEquals("bee", look.path("hostname").asText(), look.toString());
            assertEquals(b.publicKey, look.path("public_key").asText());
            assertTrue(c.call(req("check_trust").put("node_id", 1).put("peer_id", 2)).path("trusted").asBoolean());
            assertEquals(2, register(c, b, "127.0.0.1:6002").path("node_id").asLong());
            assertEquals(3, register(c, new Identity(), "127.0.0.1:6003").path("node_id").asLong());
        }
    }

    @Test
    void bindsToLoopbackOnly() {
        assertThrows(IllegalArgumentException.class,
                () -> LoopbackRegistry.start(new InetSocketAddress("0.0.0.0", 0)));
    }

    @Test
    void observedEndpointUsesTheTcpSourceForLocalHosts() {
        InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 50000);
        assertEquals("127.0.0.1:4000", RequestDispatcher.observedEndpoint(remote, "0.0.0.0:4000"));
        assertEquals("127.0.0.1:4000", RequestDispatcher.observedEndpoint(remote, "192.168.1.7:4000"));
        assertEquals("127.0.0.1:50000", RequestDispatcher.observedEndpoint(remote, ""));
        assertEquals("8.8.8.8:4000", RequestDispatcher.observedEndpoint(remote, "8.8.8.8:4000"));
    }
}
