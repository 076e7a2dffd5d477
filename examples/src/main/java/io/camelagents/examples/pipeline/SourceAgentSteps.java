package io.camelagents.examples.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.PilotConstants;
import org.apache.camel.Exchange;

/**
 * Agent A's steps, shared by the Java and the YAML route. A serves two tasks on its Pilot task port:
 * <ul>
 * <li>{@code export <YYYY-MM-DD>}: reads that batch from database 1, page by page, through the parameterised
 * dbhub tool {@code readings_page}, writes it as one NDJSON dataset file and announces {@code data.ready}</li>
 * <li>{@code send <dataset id>}: pushes that dataset's file over data exchange (port 1001) to the node that
 * submitted the task (Pilot's data exchange only pushes, so the consumer asks for it)</li>
 * </ul>
 * Task text must match one of the two patterns exactly; its argument reaches SQL only as a bound parameter and the
 * file system only as a validated id.
 */
public final class SourceAgentSteps {
    static final int PAGE_SIZE = 5_000;
    /** Bounds the export loop: at most this many pages (a batch of at most 5 M rows). */
    static final int MAX_PAGES = 1_000;
    private static final Pattern EXPORT = Pattern.compile("export (\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern SEND = Pattern.compile("send (ds[0-9a-f]{16})");
    private static final List<String> FIELDS = List.of("id", "batch", "sensor", "site", "taken_at", "reading");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetStore store;

    public SourceAgentSteps(DatasetStore store) {
        this.store = store;
    }

    /** Sets headers {@code pipelineCommand} (export or send) and {@code pipelineArgument} from the task text. */
    public void parseCommand(Exchange exchange) {
        String text = exchange.getIn().getBody(String.class);
        String task = text == null ? "" : text.strip();
        Matcher export = EXPORT.matcher(task);
        Matcher send = SEND.matcher(task);
        if (export.matches()) {
            java.time.LocalDate.parse(export.group(1)); // a real date, not 2025-13-45
            exchange.getIn().setHeader("pipelineCommand", "export");
            exchange.getIn().setHeader("pipelineArgument", export.group(1));
        } else if (send.matches()) {
            exchange.getIn().setHeader("pipelineCommand", "send");
            exchange.getIn().setHeader("pipelineArgument", send.group(1));
        } else {
            throw new IllegalArgumentException("agent A serves 'export <YYYY-MM-DD>' and 'send <dataset id>', not '" + SafeShow.of(task) + "'");
        }
    }

    /** Opens a new dataset for the batch in header {@code pipelineArgument}; the export loop runs while {@code morePages}. */
    public void startExport(Exchange exchange) throws IOException {
        DatasetStore.Writer writer = store.create(exchange.getIn().getHeader("pipelineArgument", String.class));
        exchange.setProperty("export", writer);
        exchange.setProperty("afterId", 0L);
        exchange.setProperty("pages", 0);
        exchange.setProperty("morePages", true);
    }

    /** Arguments of {@code readings_page}: bound to $1..$3 by the database driver. */
    public Map<String, Object> pageArguments(Exchange exchange) {
        DatasetStore.Writer writer = exchange.getProperty("export", DatasetStore.Writer.class);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("batch", writer.batch());
        args.put("after_id", exchange.getProperty("afterId", Long.class));
        args.put("page_size", PAGE_SIZE);
        return args;
    }

    /** Appends one page of rows (dbhub's {@code {"data":{"rows":[...]}}}) to the dataset; a short page is the last. */
    public void appendPage(Exchange exchange) throws IOException {
        DatasetStore.Writer writer = exchange.getProperty("export", DatasetStore.Writer.class);
        List<Map<String, Object>> rows = rows(exchange.getIn().getBody());
        long afterId = exchange.getProperty("afterId", Long.class);
        for (Map<String, Object> row : rows) {
            Map<String, Object> line = new LinkedHashMap<>();
            for (String field : FIELDS) {
                line.put(field, row.get(field));
            }
            writer.writeLine(JSON.writeValueAsBytes(line));
            afterId = ((Number) row.get("id")).longValue();
        }
        int pages = exchange.getProperty("pages", Integer.class) + 1;
        if (pages >= MAX_PAGES && rows.size() == PAGE_SIZE) {
            throw new IllegalStateException("batch " + writer.batch() + " has more than " + MAX_PAGES + " pages; refusing to export it");
        }
        exchange.setProperty("afterId", afterId);
        exchange.setProperty("pages", pages);
        exchange.setProperty("morePages", rows.size() == PAGE_SIZE);
    }

    /** Seals the dataset; the body becomes the data.ready payload (also the export task's result). */
    public String sealExport(Exchange exchange) throws IOException {
        DatasetStore.Writer writer = exchange.getProperty("export", DatasetStore.Writer.class);
        if (writer.rows() == 0) {
            store.discard(writer);
            throw new IllegalArgumentException("batch " + writer.batch() + " has no readings");
        }
        DatasetStore.Dataset d = store.seal(writer);
        exchange.removeProperty("export");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("datasetId", d.id());
        event.put("batch", d.batch());
        event.put("rows", d.rows());
        event.put("bytes", d.bytes());
        event.put("sha256", d.sha256());
        return JSON.writeValueAsString(event);
    }

    /** After a failed export (in a doCatch): deletes the partial file and fails the task with the original exception. */
    public void discardExport(Exchange exchange) throws Exception {
        DatasetStore.Writer writer = exchange.getProperty("export", DatasetStore.Writer.class);
        if (writer != null) {
            store.discard(writer);
        }
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        throw cause != null ? cause : new IllegalStateException("export failed");
    }

    /**
     * Makes the message a FILE for the node that asked: body = the dataset's bytes, file name = the id, peer = the
     * task's submitter (never a node named in the task text).
     */
    public void prepareSend(Exchange exchange) throws Exception {
        String id = DatasetIds.require(exchange.getIn().getHeader("pipelineArgument", String.class));
        byte[] bytes = Files.readAllBytes(store.file(id));
        exchange.getIn().setHeader(PilotConstants.FILE_NAME, DatasetIds.fileName(id));
        exchange.getIn().setHeader(PilotConstants.PEER, exchange.getIn().getHeader(PilotConstants.REMOTE_ADDRESS));
        exchange.setProperty("sentBytes", bytes.length);
        exchange.setProperty("sentSha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        exchange.getIn().setBody(bytes);
    }

    /** The send task's result. */
    public String sendReport(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("datasetId", exchange.getIn().getHeader("pipelineArgument"));
        report.put("sentTo", exchange.getIn().getHeader(PilotConstants.PEER));
        report.put("bytes", exchange.getProperty("sentBytes"));
        report.put("sha256", exchange.getProperty("sentSha256"));
        report.put("ack", exchange.getIn().getHeader(PilotConstants.ACK));
        return JSON.writeValueAsString(report);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Object dbhubResult) {
        if (dbhubResult instanceof Map<?, ?> m && m.get("data") instanceof Map<?, ?> data && data.get("rows") instanceof List<?> rows) {
            return (List<Map<String, Object>>) rows;
        }
        throw new IllegalStateException("readings_page answered without rows");
    }
}
