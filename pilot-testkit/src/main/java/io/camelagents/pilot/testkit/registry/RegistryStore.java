package io.camelagents.pilot.testkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional JSON file that keeps node ids (keyed by public key), hostnames, visibility, tags,
 * endpoints and trust pairs across restarts of the registry itself, so running daemons keep their
 * addresses. Written atomically (temp file + move) after every change that matters.
 */
final class RegistryStore {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryStore.class);
    private static final int FORMAT = 1;

    private final Path file;
    private final ObjectMapper json;

    RegistryStore(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    Path file() {
        return file;
    }

    /** Loads the file into the directory and trust book; a missing file means an empty registry. */
    void load(NodeDirectory directory, TrustBook trust) throws IOException {
        if (!Files.exists(file)) {
            LOG.info("registry store {} does not exist yet, starting empty", file);
            return;
        }
        JsonNode root = json.readTree(file.toFile());
        List<NodeRecord> nodes = new ArrayList<>();
        for (JsonNode n : root.path("nodes")) {
            String key = n.path("public_key").asText();
            byte[] raw;
            try {
                raw = SignatureVerifier.decodePublicKey(key);
            } catch (RegistryException e) {
                LOG.warn("registry store {}: skipping node {} with bad key: {}", file, n.path("node_id"), e.getMessage());
                continue;
            }
            NodeRecord r = new NodeRecord(n.path("node_id").asLong(), key, raw,
                    Instant.ofEpochSecond(n.path("created_at").asLong(Instant.now().getEpochSecond())));
            r.owner = n.path("owner").asText("");
            r.realAddr = n.path("real_addr").asText("");
            r.hostname = n.path("hostname").asText("");
            r.isPublic = n.path("public").asBoolean(false);
            List<String> tags = new ArrayList<>();
            n.path("tags").forEach(t -> tags.add(t.asText()));
            r.tags = List.copyOf(tags);
            r.version = n.path("version").asText("");
            nodes.add(r);
        }
        directory.restore(nodes, root.path("next_node_id").asLong(1));
        List<TrustBook.Pair> pairs = new ArrayList<>();
        for (JsonNode p : root.path("trust_pairs")) {
            pairs.add(TrustBook.Pair.of(p.path(0).asLong(), p.path(1).asLong()));
        }
        trust.restore(pairs);
        LOG.info("registry store {}: loaded {} nodes, {} trust pairs", file, nodes.size(), pairs.size());
    }

    /** Serialised by the caller's lock; failures are logged, not thrown (the registry keeps serving). */
    synchronized void save(NodeDirectory directory, TrustBook trust) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("next_node_id", directory.nextNodeId());
        ArrayNode nodes = root.putArray("nodes");
        for (NodeRecord r : directory.snapshot()) {
            ObjectNode n = nodes.addObject();
            n.put("node_id", r.nodeId);
            n.put("public_key", r.publicKey);
            n.put("owner", r.owner);
            n.put("real_addr", r.realAddr);
            n.put("hostname", r.hostname);
            n.put("public", r.isPublic);
            r.tags.forEach(n.putArray("tags")::add);
            n.put("version", r.version);
            n.put("created_at", r.createdAt.getEpochSecond());
        }
        ArrayNode pairs = root.putArray("trust_pairs");
        for (TrustBook.Pair p : trust.snapshot()) {
            pairs.addArray().add(p.low()).add(p.high());
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("registry store {}: save failed: {}", file, e.toString());
        }
    }
}
