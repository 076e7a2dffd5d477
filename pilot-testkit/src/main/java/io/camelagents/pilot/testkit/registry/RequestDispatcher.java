package io.camelagents.pilot.testkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelagents.pilot.driver.PilotAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one decoded registry request into its reply. Every reply carries {@code type}; failures use
 * the registry's error shape {@code {"type":"error","error":"..."}} and never escape as exceptions,
 * so a bad or unknown request costs the client one error reply, not its connection.
 *
 * <p>Only the message set pilot-daemon / pilotctl 1.18.0 use on a small loopback network is
 * implemented (see /tmp/research/registry-protocol.md); everything else gets an error reply.
 */
final class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    /** The connection a request came in on. */
    record Client(long connectionId, InetSocketAddress remote) {
    }

    @FunctionalInterface
    private interface Handler {
        ObjectNode handle(JsonNode req, Client client) throws RegistryException;
    }

    private final ObjectMapper json;
    private final Clock clock;
    private final NodeDirectory directory;
    private final TrustBook trust;
    private final HandshakeRelay relay;
    private final SignatureVerifier signatures;
    private final Runnable persist;
    private final PresenceTracker presence;
    private final Map<String, Handler> handlers;

    RequestDispatcher(ObjectMapper json, Clock clock, NodeDirectory directory, TrustBook trust,
                      HandshakeRelay relay, SignatureVerifier signatures, PresenceTracker presence,
                      Runnable persist) {
        this.json = json;
        this.clock = clock;
        this.directory = directory;
        this.trust = trust;
        this.relay = relay;
        this.signatures = signatures;
        this.persist = persist;
        this.presence = presence;
        this.handlers = Map.ofEntries(
                Map.entry("register", this::register),
                Map.entry("heartbeat", this::heartbeat),
                Map.entry("lookup", this::lookup),
                Map.entry("resolve", this::resolve),
                Map.entry("resolve_hostname", this::resolveHostname),
                Map.entry("set_visibility", this::setVisibility),
                Map.entry("set_hostname", this::setHostname),
                Map.entry("set_tags", this::setTags),
                Map.entry("set_task_exec", this::setTaskExec),
                Map.entry("get_polo_score", this::getPoloScore),
                Map.entry("set_polo_score", (req, client) -> changePoloScore(req, "set_polo_score_ok", true)),
                Map.entry("update_polo_score", (req, client) -> changePoloScore(req, "update_polo_score_ok", false)),
                Map.entry("deregister", this::deregister),
                Map.entry("list_nodes", this::listNodes),
                Map.entry("list_networks", this::listNetworks),
                Map.entry("get_network_policy", this::getNetworkPolicy),
                Map.entry("get_expr_policy", this::getExprPolicy),
                Map.entry("check_trust", this::checkTrust),
                Map.entry("report_trust", this::reportTrust),
                Map.entry("revoke_trust", this::revokeTrust),
                Map.entry("request_handshake", this::requestHandshake),
                Map.entry("poll_handshakes", this::pollHandshakes),
                Map.entry("respond_handshake", this::respondHandshake),
                Map.entry("punch", (req, client) -> {
                    // Hole punching is coordinated through a beacon; loopback daemons run with -beacon "".
                    throw new RegistryException("punch unavailable: the loopback registry has no beacon");
                }));
    }

    ObjectNode dispatch(JsonNode req, Client client) {
        InetSocketAddress remote = client.remote();
        String type = req.path("type").asText("");
        Handler h = handlers.get(type);
        try {
            if (h == null) {
                throw new RegistryException("unknown message type: " + (type.isEmpty() ? "<missing>" : type));
            }
            return h.handle(req, client);
        } catch (RegistryException e) {
            LOG.debug("{} from {} refused: {}", type, remote, e.getMessage());
            return error(e.getMessage());
        } catch (RuntimeException e) {
            // A bug in a handler must not take the connection (or the registry) down.
            LOG.warn("{} from {} failed", type, remote, e);
            return error("request failed: " + e);
        }
    }

    ObjectNode error(String message) {
        ObjectNode r = json.createObjectNode();
        r.put("type", "error");
        r.put("error", message);
        return r;
    }

    // ---- directory -------------------------------------------------------------------------

    private ObjectNode register(JsonNode req, Client client) throws RegistryException {
        String publicKey = text(req, "public_key");
        if (publicKey.isEmpty()) {
            throw new RegistryException("registration requires public_key");
        }
        byte[] raw = SignatureVerifier.decodePublicKey(publicKey);
        String clientAddr = text(req, "listen_addr");
        // The client signs the listen_addr exactly as it sent it, before any rewriting.
        signatures.check(raw, text(req, "signature"), "register:" + clientAddr + ":" + publicKey, "register");
        String realAddr = observedEndpoint(client.remote(), clientAddr);
        NodeDirectory.Registration reg = directory.register(publicKey, raw, text(req, "owner"), realAddr,
                text(req, "version"), text(req, "hostname"));
        persist.run();
        NodeRecord n = reg.node();
        presence.attach(client.connectionId(), n.nodeId);
        LOG.info("{} node {} ({}) endpoint {}", reg.newNode() ? "registered new" : "re-registered",
                n.nodeId, n.address(), realAddr);
        ObjectNode r = ok("register_ok");
        r.put("node_id", n.nodeId);
        r.put("network_id", PilotAddress.BACKBONE);
        r.put("address", n.address());
        r.put("public_key", n.publicKey);
        if (!n.hostname.isEmpty()) {
            r.put("hostname", n.hostname);
        }
        if (reg.hostnameError() != null) {
            r.put("hostname_error", reg.hostnameError());
        }
        r.put("observed_addr", realAddr);
        return r;
    }

    private ObjectNode heartbeat(JsonNode req, Client client) throws RegistryException {
        NodeRecord n = directory.require(uint32(req, "node_id"));
        signatures.check(n.rawPublicKey, text(req, "signature"), "heartbeat:" + n.nodeId, "heartbeat");
        presence.attach(client.connectionId(), n.nodeId);
        directory.touch(n.nodeId);
        ObjectNode r = ok("heartbeat_ok");
        r.put("time", clock.instant().getEpochSecond());
        return r;
    }

    /** Public profile of a node; the UDP endpoint only for public nodes (as the real registry does). */
    private ObjectNode lookup(JsonNode req, Client client) throws RegistryException {
        NodeRecord n = directory.require(uint32(req, "node_id"));
        ObjectNode r = ok("lookup_ok");
        r.put("node_id", n.nodeId);
        r.put("address", n.address());
        r.putArray("networks").add(PilotAddress.BACKBONE);
        r.put("public_key", n.publicKey);
        r.put("public", n.isPublic);
        if (!n.hostname.isEmpty()) {
            r.put("hostname", n.hostname);
        }
        if (!n.tags.isEmpty()) {
            n.tags.forEach(r.putArray("tags")::add);
        }
        if (n.taskExec) {
            r.put("task_exec", true);
        }
        if (n.isPublic) {
            r.put("real_addr", n.realAddr);
            r.put("endpoint", n.realAddr);
        }
        if (!n.version.isEmpty()) {
            r.put("version", n.version);
        }
        return r;
    }

    /** The endpoint a daemon needs to open a tunnel; private targets only for trusted requesters. */
    private ObjectNode resolve(JsonNode req, Client client) throws RegistryException {
        long target = uint32(req, "node_id");
        long requesterId = uint32(req, "requester_id");
        NodeRecord requester = directory.find(requesterId);
        if (requester == null) {
            throw new RegistryException("resolve denied: requester node " + requesterId + " is not registered");
        }
        signatures.check(requester.rawPublicKey, text(req, "signature"),
                "resolve:" + requesterId + ":" + target, "resolve");
        NodeRecord n = directory.require(target);
        if (!n.isPublic && requesterId != target && !trust.trusted(requesterId, target)) {
            throw new RegistryException("resolve denied: node " + target + " is private (establish mutual trust first)");
        }
        ObjectNode r = ok("resolve_ok");
        r.put("node_id", n.nodeId);
        // No lan_addrs on purpose: a daemon bound to 127.0.0.1 is not reachable on its LAN address.
        r.put("real_addr", n.realAddr);
        r.put("key_age_days", Duration.between(n.createdAt, clock.instant()).toDays());
        return r;
    }

    private ObjectNode resolveHostname(JsonNode req, Client client) throws RegistryException {
        String hostname = text(req, "hostname");
        if (hostname.isEmpty()) {
            throw new RegistryException("hostname required");
        }
        NodeRecord n = directory.findByHostname(hostname);
        long requesterId = uint32(req, "requester_id");
        // Private nodes are reported as absent unless the asker may see them.
        if (n == null || (!n.isPublic && requesterId != n.nodeId && !trust.trusted(requesterId, n.nodeId))) {
            throw new RegistryException("hostname \"" + hostname + "\" not found");
        }
        ObjectNode r = ok("resolve_hostname_ok");
        r.put("node_id", n.nodeId);
        r.put("address", n.address());
        r.put("public", n.isPublic);
        r.put("hostname", n.hostname);
        return r;
    }

    private ObjectNode setVisibility(JsonNode req, Client client) throws RegistryException {
        NodeRecord n = signedBy(req, client, "set_visibility:%d");
        boolean isPublic = req.path("public").asBoolean(false);
        directory.setVisibility(n.nodeId, isPublic);
        persist.run();
        LOG.info("node {} is now {}", n.nodeId, isPublic ? "public" : "private");
        ObjectNode r = ok("set_visibility_ok");
        r.put("node_id", n.nodeId);
        r.put("visibility", isPublic ? "public" : "private");
        return r;
    }

    private ObjectNode setHostname(JsonNode req, Client client) throws RegistryException {
        NodeRecord n = signedBy(req, client, "set_hostname:%d");
        String hostname = text(req, "hostname");
        directory.setHostname(n.nodeId, hostname);
        if (!hostname.equals(n.hostname)) {
            persist.run();
            LOG.info("node {} hostname {}", n.nodeId, hostname.isEmpty() ? "cleared" : "'" + hostname + "'");
        }
        ObjectNode r = ok("set_hostname_ok");
        r.put("node_id", n.nodeId);
        r.put("hostname", hostname);
        return r;
    }

    private ObjectNode setTags(JsonNode req, Client client) throws RegistryException {
        NodeRecord n = signedBy(req, client, "set_tags:%d");
        List<String> requested = new ArrayList<>();
        req.path("tags").forEach(t -> requested.add(t.asText()));
        List<String> tags = directory.setTags(n.nodeId, requested);
        persist.run();
        ObjectNode r = ok("set_tags_ok");
        r.put("node_id", n.nodeId);
        tags.forEach(r.putArray("tags")::add);
        return r;
    }

    /** Older daemons (IPC 0x1D, {@code pilotctl enable-tasks}) flag the node as a task executor. */
    private ObjectNode setTaskExec(JsonNode req, Client client) throws RegistryException {
        NodeRecord n = signedBy(req, client, "set_task_exec:%d");
        boolean enabled = req.path("enabled").asBoolean(req.path("task_exec").asBoolean(false));
        directory.setTaskExec(n.nodeId, enabled);
        ObjectNode r = ok("set_task_exec_ok");
        r.put("node_id", n.nodeId);
        r.put("task_exec", enabled);
        return r;
    }

    /** Older daemons read the submitter's polo score before accepting a task (like their registry, unauthenticated). */
    private ObjectNode getPoloScore(JsonNode req, Client client) throws RegistryException {
        long id = uint32(req, "node_id");
        ObjectNode r = ok("get_polo_score_ok");
        r.put("node_id", id);
        r.put("polo_score", directory.poloScore(id));
        return r;
    }

    private ObjectNode changePoloScore(JsonNode req, String replyType, boolean absolute) throws RegistryException {
        long id = uint32(req, "node_id");
        int value = absolute ? req.path("polo_score").asInt() : req.path("delta").asInt(req.path("polo_score_delta").asInt());
        int now = directory.changePoloScore(id, value, absolute);
        persist.run();
        ObjectNode r = ok(replyType);
        r.put("node_id", id);
        r.put("polo_score", now);
        return r;
    }

    private ObjectNode deregister(JsonNode req, Client client) throws RegistryException {
        long id = uint32(req, "node_id");
        NodeRecord n = directory.find(id);
        if (n != null) {
            signatures.check(n.rawPublicKey, text(req, "signature"), "deregister:" + id, "deregister");
            directory.deregister(id);
            relay.forget(id);
            persist.run();
            LOG.info("deregistered node {}", id);
        }
        return ok("deregister_ok");
    }

    /**
     * Lists backbone nodes. The real registry reserves this for admins; on a private loopback
     * network it is a convenient test hook, so it is open here.
     */
    private ObjectNode listNodes(JsonNode req, Client client) throws RegistryException {
        requireBackbone(req);
        ObjectNode r = ok("list_nodes_ok");
        ArrayNode nodes = r.putArray("nodes");
        for (NodeRecord n : directory.snapshot()) {
            ObjectNode e = nodes.addObject();
            e.put("node_id", n.nodeId);
            e.put("address", n.address());
            e.put("public", n.isPublic);
            if (!n.hostname.isEmpty()) {
                e.put("hostname", n.hostname);
            }
            if (n.isPublic) {
                e.put("real_addr", n.realAddr);
            }
            if (!n.tags.isEmpty()) {
                n.tags.forEach(e.putArray("tags")::add);
            }
            if (!n.version.isEmpty()) {
                e.put("version", n.version);
            }
            e.put("last_seen", n.lastSeen.toString());
        }
        return r;
    }

    // ---- networks: only the backbone exists ------------------------------------------------

    private ObjectNode listNetworks(JsonNode req, Client client) {
        ObjectNode r = ok("list_networks_ok");
        r.putArray("networks");
        return r;
    }

    private ObjectNode getNetworkPolicy(JsonNode req, Client client) throws RegistryException {
        int net = requireBackbone(req);
        ObjectNode r = ok("get_network_policy_ok");
        r.put("network_id", net);
        r.put("max_members", 0);
        r.putArray("allowed_ports");
        r.put("description", "");
        return r;
    }

    private ObjectNode getExprPolicy(JsonNode req, Client client) throws RegistryException {
        ObjectNode r = ok("get_expr_policy_ok");
        r.put("network_id", requireBackbone(req));
        return r;
    }

    // ---- trust and handshake relay ---------------------------------------------------------

    private ObjectNode checkTrust(JsonNode req, Client client) {
        ObjectNode r = ok("check_trust_ok");
        r.put("trusted", trust.trusted(uint32(req, "node_id"), uint32(req, "peer_id")));
        return r;
    }

    private ObjectNode reportTrust(JsonNode req, Client client) throws RegistryException {
        long peer = uint32(req, "peer_id");
        NodeRecord n = directory.require(uint32(req, "node_id"));
        directory.require(peer);
        signatures.check(n.rawPublicKey, text(req, "signature"), "report_trust:" + n.nodeId + ":" + peer, "report_trust");
        if (trust.add(n.nodeId, peer)) {
            persist.run();
            LOG.info("trust pair {} <-> {} registered", n.nodeId, peer);
        }
        return ok("report_trust_ok");
    }

    private ObjectNode revokeTrust(JsonNode req, Client client) throws RegistryException {
        long peer = uint32(req, "peer_id");
        NodeRecord n = directory.require(uint32(req, "node_id"));
        signatures.check(n.rawPublicKey, text(req, "signature"), "revoke_trust:" + n.nodeId + ":" + peer, "revoke_trust");
        if (!trust.remove(n.nodeId, peer)) {
            throw new RegistryException("no trust pair between " + n.nodeId + " and " + peer);
        }
        persist.run();
        LOG.info("trust pair {} <-> {} revoked", n.nodeId, peer);
        return ok("revoke_trust_ok");
    }

    private ObjectNode requestHandshake(JsonNode req, Client client) throws RegistryException {
        NodeRecord from = directory.require(uint32(req, "from_node_id"));
        NodeRecord to = directory.require(uint32(req, "to_node_id"));
        signatures.check(from.rawPublicKey, text(req, "signature"),
                "handshake:" + from.nodeId + ":" + to.nodeId, "request_handshake");
        relay.request(from.nodeId, to.nodeId, text(req, "justification"));
        LOG.info("handshake request {} -> {} stored for the next poll", from.nodeId, to.nodeId);
        ObjectNode r = ok("request_handshake_ok");
        r.put("status", "delivered");
        return r;
    }

    private ObjectNode pollHandshakes(JsonNode req, Client client) throws RegistryException {
        NodeRecord n = signedBy(req, client, "poll_handshakes:%d");
        HandshakeRelay.Drained d = relay.poll(n.nodeId);
        ObjectNode r = ok("poll_handshakes_ok");
        ArrayNode requests = r.putArray("requests");
        for (HandshakeRelay.Request q : d.requests()) {
            requests.addObject().put("from_node_id", q.fromNodeId())
                    .put("justification", q.justification()).put("timestamp", q.timestamp());
        }
        ArrayNode responses = r.putArray("responses");
        for (HandshakeRelay.Response s : d.responses()) {
            responses.addObject().put("from_node_id", s.fromNodeId())
                    .put("accept", s.accept()).put("timestamp", s.timestamp());
        }
        if (!d.requests().isEmpty() || !d.responses().isEmpty()) {
            LOG.info("node {} picked up {} handshake request(s) and {} response(s)",
                    n.nodeId, d.requests().size(), d.responses().size());
        }
        return r;
    }

    private ObjectNode respondHandshake(JsonNode req, Client client) throws RegistryException {
        NodeRecord n = directory.require(uint32(req, "node_id"));
        long peer = uint32(req, "peer_id");
        directory.require(peer);
        boolean accept = req.path("accept").asBoolean(false);
        signatures.check(n.rawPublicKey, text(req, "signature"), "respond:" + n.nodeId + ":" + peer, "respond_handshake");
        relay.respond(n.nodeId, peer, accept);
        if (accept && trust.add(n.nodeId, peer)) {
            persist.run();
        }
        LOG.info("node {} {} the relayed handshake of node {}", n.nodeId, accept ? "approved" : "rejected", peer);
        ObjectNode r = ok("respond_handshake_ok");
        r.put("accept", accept);
        r.put("peer_id", peer);
        return r;
    }

    // ---- helpers ---------------------------------------------------------------------------

    private ObjectNode ok(String type) {
        ObjectNode r = json.createObjectNode();
        r.put("type", type);
        return r;
    }

    /**
     * Looks up {@code node_id}, checks its signature over {@code challengeFormat} (one %d = node id)
     * and notes that this connection speaks for the node.
     */
    private NodeRecord signedBy(JsonNode req, Client client, String challengeFormat) throws RegistryException {
        NodeRecord n = directory.require(uint32(req, "node_id"));
        String challenge = String.format(challengeFormat, n.nodeId);
        signatures.check(n.rawPublicKey, text(req, "signature"), challenge, req.path("type").asText());
        presence.attach(client.connectionId(), n.nodeId);
        return n;
    }

    private static int requireBackbone(JsonNode req) throws RegistryException {
        long net = req.path("network_id").asLong(0);
        if (net != PilotAddress.BACKBONE) {
            throw new RegistryException("network " + net + ": network not found");
        }
        return PilotAddress.BACKBONE;
    }

    private static String text(JsonNode req, String field) {
        JsonNode v = req.get(field);
        return v == null || v.isNull() ? "" : v.asText("");
    }

    /** JSON number to u32; anything else (missing, negative, too big) reads as 0 = no such node. */
    private static long uint32(JsonNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || !v.isNumber()) {
            return 0;
        }
        double d = v.asDouble();
        return d < 0 || d > 0xFFFF_FFFFL ? 0 : (long) d;
    }

    /**
     * The endpoint peers should dial: the client's port with the host the registry saw, when the
     * client reported a wildcard/private/loopback host (what the real registry does; on loopback
     * both are 127.0.0.1).
     */
    static String observedEndpoint(InetSocketAddress remote, String clientAddr) {
        String remoteHost = remote.getAddress().getHostAddress();
        if (clientAddr.isEmpty()) {
            return join(remoteHost, remote.getPort());
        }
        int colon = clientAddr.lastIndexOf(':');
        if (colon < 0) {
            return clientAddr;
        }
        String host = clientAddr.substring(0, colon);
        String port = clientAddr.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean replace = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
        if (!replace && looksLikeIpLiteral(host)) {
            try {
                InetAddress ip = InetAddress.getByName(host);
                replace = ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress()
                        || ip.isAnyLocalAddress();
            } catch (java.net.UnknownHostException e) {
                replace = false;
            }
        }
        return replace ? join(remoteHost, port) : clientAddr;
    }

    private static boolean looksLikeIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static String join(String host, Object port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
