package io.camelagents.examples.pipeline;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.PilotConstants;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent B's steps, shared by the Java and the YAML route:
 * <ol>
 * <li>{@link #isAnnouncement}/{@link #announce}: a {@code data.ready} event from A's broker is validated and remembered
 * (id, batch, rows, size, SHA-256); the body becomes the request task for A, {@code send <id>}</li>
 * <li>{@link #verify}: a received file is accepted only when its name carries an announced id and its size and
 * SHA-256 are what was announced</li>
 * <li>{@link #summarise}: the whole dataset is parsed and validated, then summarised; the body becomes the arguments
 * of the write tool (the summaries as one JSON parameter)</li>
 * <li>{@link #processedEvent}/{@link #rejectedEvent}: the outcome, published as {@code data.processed} or
 * {@code data.rejected} on B's own event stream</li>
 * </ol>
 * Events carry no publisher address in Pilot, so an announcement is a claim: what protects database 2 is that B asks
 * only A (its configured source) for datasets and writes only data whose hash matches the announcement.
 */
public final class SinkAgentSteps {
    private static final Logger LOG = LoggerFactory.getLogger(SinkAgentSteps.class);
    static final long MAX_DATASET_BYTES = 64L * 1024 * 1024;
    private static final int MAX_PENDING = 1_000;
    private static final int REMEMBERED = 10_000;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BATCH = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What data.ready announced. */
    public record Announcement(String datasetId, String batch, long rows, long bytes, String sha256) {
    }

    private final Map<String, Announcement> pending = new ConcurrentHashMap<>();
    /** Datasets written to database 2 (bounded): a late or repeated copy is not written twice. */
    private final Set<String> processed = Collections.synchronizedSet(boundedSet());
    /** Probe payloads seen on data.probe (bounded): readiness of the subscription at A's broker. */
    private final Set<String> probes = Collections.synchronizedSet(boundedSet());

    private static Set<String> boundedSet() {
        return Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    /** True for data.ready; a data.probe is remembered for {@link #sawProbe}, other data.* topics are ignored. */
    public boolean isAnnouncement(Exchange exchange) {
        String topic = exchange.getIn().getHeader(PilotConstants.TOPIC, String.class);
        if ("data.probe".equals(topic)) {
            probes.add(exchange.getIn().getBody(String.class));
        }
        return "data.ready".equals(topic);
    }

    public boolean sawProbe(String probe) {
        return probes.contains(probe);
    }

    /**
     * Validates a data.ready payload and remembers it (a later announcement of the same id replaces it). Returns the
     * request task for A ({@code send <id>}), or null when the dataset was written already or the payload is invalid.
     */
    public String announce(String payload) {
        Announcement a;
        try {
            a = parseAnnouncement(payload);
        } catch (IllegalArgumentException | IOException e) {
            LOG.warn("ignoring an invalid data.ready event: {}", SafeShow.of(e.getMessage()));
            return null;
        }
        if (processed.contains(a.datasetId())) {
            LOG.info("dataset {} is in database 2 already; not asking for it again", a.datasetId());
            return null;
        }
        if (pending.size() >= MAX_PENDING && !pending.containsKey(a.datasetId())) {
            LOG.warn("{} datasets are awaited already; ignoring the announcement of {}", MAX_PENDING, a.datasetId());
            return null;
        }
        pending.put(a.datasetId(), a);
        LOG.info("data.ready: dataset {} (batch {}, {} rows, {} bytes, sha256 {}); asking A for it", a.datasetId(), a.batch(),
                a.rows(), a.bytes(), a.sha256());
        return "send " + a.datasetId();
    }

    static Announcement parseAnnouncement(String payload) throws IOException {
        JsonNode n = JSON.readTree(payload == null ? "" : payload);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = DatasetIds.require(n.path("datasetId").asText(null));
        String batch = n.path("batch").asText("");
        String sha = n.path("sha256").asText("");
        long rows = n.path("rows").asLong(-1);
        long bytes = n.path("bytes").asLong(-1);
        if (!BATCH.matcher(batch).matches() || !SHA256.matcher(sha).matches() || rows <= 0 || bytes <= 0 || bytes > MAX_DATASET_BYTES) {
            throw new IllegalArgumentException("data.ready for " + id + " needs batch YYYY-MM-DD, sha256 (64 hex digits), rows > 0 and"
                    + " 0 < bytes <= " + MAX_DATASET_BYTES);
        }
        return new Announcement(id, batch, rows, bytes, sha);
    }

    /**
     * Checks a received file against its announcement: name, size, SHA-256. Sets property {@code datasetId} and
     * {@code duplicate} (a copy of a dataset already written: completed without writing again).
     *
     * @throws DatasetRejectedException for a file nobody announced, or one whose size or hash differ
     */
    public void verify(Exchange exchange) throws NoSuchAlgorithmException {
        String name = exchange.getIn().getHeader(PilotConstants.FILE_NAME, String.class);
        String id = DatasetIds.fromReceivedFileName(name);
        exchange.setProperty("datasetId", id);
        exchange.setProperty("duplicate", false);
        if (id == null) {
            throw new DatasetRejectedException(null, "received file '" + SafeShow.of(name) + "' is not named after a dataset");
        }
        if (processed.contains(id)) {
            LOG.info("another copy of dataset {} arrived; it is in database 2 already", id);
            exchange.setProperty("duplicate", true);
            return;
        }
        Announcement a = pending.remove(id);
        if (a == null) {
            throw new DatasetRejectedException(id, "no data.ready announced it");
        }
        byte[] data = exchange.getIn().getBody(byte[].class);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        exchange.setProperty("announcement", a);
        exchange.setProperty("receivedBytes", (long) data.length);
        exchange.setProperty("receivedSha256", sha);
        if (data.length != a.bytes() || !sha.equals(a.sha256())) {
            throw new DatasetRejectedException(id, "SHA-256 mismatch: data.ready announced " + a.bytes() + " bytes with SHA-256 "
                    + a.sha256() + ", the received file has " + data.length + " bytes with SHA-256 " + sha);
        }
        LOG.info("dataset {} arrived over data exchange: {} bytes, SHA-256 {} as announced", id, data.length, sha);
    }

    /** Validates and summarises the whole dataset; the body becomes the write tool's arguments. */
    public Map<String, Object> summarise(Exchange exchange) throws JsonProcessingException {
        Announcement a = exchange.getProperty("announcement", Announcement.class);
        List<DatasetSummariser.SensorSummary> summaries = DatasetSummariser.summarise(a.datasetId(), a.batch(), a.rows(),
                exchange.getIn().getBody(byte[].class));
        exchange.setProperty("sensors", summaries.size());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("dataset_id", a.datasetId());
        args.put("summaries", JSON.writeValueAsString(summaries.stream().map(DatasetSummariser.SensorSummary::toRow).toList()));
        return args;
    }

    /** After the write tool answered (dbhub: {@code {"data":{"count":n}}}): the data.processed payload. */
    public String processedEvent(Exchange exchange) throws JsonProcessingException {
        Announcement a = exchange.getProperty("announcement", Announcement.class);
        int sensors = exchange.getProperty("sensors", Integer.class);
        long written = writtenCount(exchange.getIn().getBody());
        if (written != sensors) {
            throw new IllegalStateException("database 2 reports " + written + " rows written for " + sensors + " sensors");
        }
        processed.add(a.datasetId());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("datasetId", a.datasetId());
        event.put("batch", a.batch());
        event.put("rows", a.rows());
        event.put("bytes", exchange.getProperty("receivedBytes"));
        event.put("sha256", exchange.getProperty("receivedSha256"));
        event.put("sha256Verified", true);
        event.put("summariesWritten", written);
        LOG.info("dataset {}: {} summaries written to database 2", a.datasetId(), written);
        return JSON.writeValueAsString(event);
    }

    /** The data.rejected payload: the dataset id and the reason (what a rejection exception says, else a generic text). */
    public String rejectedEvent(Exchange exchange) throws JsonProcessingException {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String id = exchange.getProperty("datasetId", String.class);
        // a write-tool error echoes the statement and its parameters: not for the event stream
        String reason = e instanceof DatasetRejectedException ? e.getMessage()
                : "dataset " + id + " could not be stored (" + (e == null ? "unknown error" : e.getClass().getSimpleName())
                        + "); the write is one statement, so nothing of it is in database 2";
        LOG.error(reason);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("datasetId", id);
        event.put("reason", reason);
        return JSON.writeValueAsString(event);
    }

    private static long writtenCount(Object dbhubResult) {
        if (dbhubResult instanceof Map<?, ?> m && m.get("data") instanceof Map<?, ?> data && data.get("count") instanceof Number n) {
            return n.longValue();
        }
        return -1;
    }
}
