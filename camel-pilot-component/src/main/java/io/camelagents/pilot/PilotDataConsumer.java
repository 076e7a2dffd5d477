package io.camelagents.pilot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.driver.PilotDriver;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers data-exchange messages that reached this node. Both daemon generations own port 1001 and store what
 * arrives under their user's HOME: messages as JSON files in {@code ~/.pilot/inbox}, files in
 * {@code ~/.pilot/received}. The consumer reads them oldest first and deletes each only after its exchange
 * completed (at-least-once); a failed or unreadable one moves to {@code .failed/} beside it.
 */
final class PilotDataConsumer extends PilotConsumerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(PilotDataConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The daemon may still be writing a file younger than this. */
    private static final long SETTLE_MILLIS = 1000;
    private static final long MAX_INBOX_FILE = 96L * 1024 * 1024;

    private final Object wakeup = new Object();

    PilotDataConsumer(PilotEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    String describe() {
        return "data";
    }

    private Path inbox() {
        String dir = config().getInboxDir();
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".pilot", "inbox");
    }

    private Path received() {
        String dir = config().getReceivedDir();
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".pilot", "received");
    }

    @Override
    void serve(PilotDriver driver) throws Exception {
        serving();
        while (isServingAllowed()) {
            int n = scan(inbox(), true) + scan(received(), false);
            if (n == 0) {
                synchronized (wakeup) {
                    wakeup.wait(config().getPollDelay());
                }
            }
        }
    }

    @Override
    void interruptServe() {
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    private int scan(Path dir, boolean messages) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))) {
            ds.forEach(files::add);
        }
        files.sort(null); // names start with type/base and a timestamp; sort keeps arrival order per type
        int delivered = 0;
        long now = System.currentTimeMillis();
        for (Path f : files) {
            if (!isServingAllowed()) {
                break;
            }
            if (now - Files.getLastModifiedTime(f).toMillis() < SETTLE_MILLIS && !(messages && parses(f))) {
                continue;
            }
            delivered += messages ? deliverMessage(f) : deliverFile(f);
        }
        return delivered;
    }

    private static boolean parses(Path f) {
        try {
            JSON.readTree(f.toFile());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int deliverMessage(Path f) throws IOException {
        JsonNode json;
        String type;
        Object body;
        try {
            if (Files.size(f) > MAX_INBOX_FILE) {
                throw new IOException("larger than " + MAX_INBOX_FILE + " bytes");
            }
            json = JSON.readTree(f.toFile());
            type = json.path("type").asText("TEXT").toLowerCase(Locale.ROOT);
            body = body(json, type);
        } catch (IOException e) {
            LOG.warn("inbox file {} is unreadable ({}); moving it to .failed", f, e.getMessage());
            moveToFailed(f);
            return 0;
        }
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(body);
        in.setHeader(PilotConstants.DATA_TYPE, type);
        in.setHeader(PilotConstants.REMOTE_ADDRESS, json.path("from").asText(null));
        in.setHeader(PilotConstants.MESSAGE_ID, json.path("message_id").asText(null));
        in.setHeader(PilotConstants.RECEIVED_AT, Files.getLastModifiedTime(f).toMillis());
        return process(exchange, f);
    }

    /**
     * The message as the daemon stored it. The newest daemon marks encoded bytes ({@code data_b64}, or
     * {@code data_encoding: base64}); older daemons (v1.2.2, 1.7.x) store a binary message's bytes as-is in
     * {@code data} with no encoding field, so only marked data is decoded: the text {@code QUJD} stays 4 bytes.
     */
    private static Object body(JsonNode json, String type) throws IOException {
        if (json.hasNonNull("data_b64")) {
            return decodeBase64(json.get("data_b64").asText(), "data_b64");
        }
        String data = json.path("data").asText("");
        if ("base64".equalsIgnoreCase(json.path("data_encoding").asText())) {
            return decodeBase64(data, "data");
        }
        return "binary".equals(type) ? data.getBytes(StandardCharsets.UTF_8) : data;
    }

    private static byte[] decodeBase64(String text, String field) throws IOException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("its " + field + " is marked base64 but is not: " + e.getMessage(), e);
        }
    }

    private int deliverFile(Path f) throws IOException {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(Files.readAllBytes(f));
        in.setHeader(PilotConstants.DATA_TYPE, "file");
        in.setHeader(PilotConstants.FILE_NAME, f.getFileName().toString());
        in.setHeader(PilotConstants.RECEIVED_AT, Files.getLastModifiedTime(f).toMillis());
        return process(exchange, f);
    }

    private int process(Exchange exchange, Path f) throws IOException {
        try {
            if (!processSynchronously(exchange, f.toString())) {
                moveToFailed(f);
                return 0;
            }
            Files.deleteIfExists(f);
            return 1;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private static void moveToFailed(Path f) throws IOException {
        Path failed = Files.createDirectories(f.getParent().resolve(".failed"));
        Files.move(f, failed.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
