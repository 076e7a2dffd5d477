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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.protocol.SafeText;
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
 * <p>
 * Everything the daemon acknowledged is delivered up to {@code maxDataMessageBytes} (default: the newest daemon's
 * own 64 MiB limit); a larger message or file is moved to {@code .failed/} with an ERROR naming the option.
 * File names come from the sender: {@code CamelPilotFileName} carries them {@linkplain SafeText#fileName sanitised}.
 */
final class PilotDataConsumer extends PilotConsumerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(PilotDataConsumer.class);
    /** The daemon may still be writing a file younger than this. */
    private static final long SETTLE_MILLIS = 1000;
    /** The daemon's JSON encoder writes one message byte as at most 6 characters (it escapes '<' and controls as u-escapes). */
    private static final long JSON_ESCAPE_FACTOR = 6;
    /** Room for the inbox file's other fields (type, from, ids, timestamps). */
    private static final long JSON_OVERHEAD = 64 * 1024;

    private final Object wakeup = new Object();
    /** maxDataMessageBytes: by default what the daemon accepts, so nothing it acknowledged is lost here. */
    private final long maxMessage;
    /** Largest inbox file that can hold a message of {@link #maxMessage} bytes. */
    private final long maxInboxFile;
    private final ObjectMapper json;

    PilotDataConsumer(PilotEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        maxMessage = config().getMaxDataMessageBytes(); // positive: PilotEndpoint.validate checked it
        maxInboxFile = JSON_ESCAPE_FACTOR * maxMessage + JSON_OVERHEAD;
        // Jackson refuses strings over 20,000,000 chars by default; a binary message of maxMessage bytes is stored
        // base64-encoded (4 chars per 3 bytes), a text one as at most maxMessage chars.
        long base64Chars = 4 * ((maxMessage + 2) / 3);
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, base64Chars + 1024)).build();
        json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(limits).build());
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
            boolean settled = now - Files.getLastModifiedTime(f).toMillis() >= SETTLE_MILLIS;
            if (messages) {
                delivered += deliverMessage(f, settled);
            } else if (settled) {
                delivered += deliverFile(f);
            }
        }
        return delivered;
    }

    /** A message file that is not {@code settled} may still be being written: when it does not parse yet, it waits. */
    private int deliverMessage(Path f, boolean settled) throws IOException {
        long size = Files.size(f);
        if (size > maxInboxFile) {
            tooLarge(f, "inbox file of " + size + " bytes (a message of at most maxDataMessageBytes bytes takes at most " + maxInboxFile + ")");
            return 0;
        }
        JsonNode node;
        String type;
        Object body;
        try {
            node = json.readTree(f.toFile());
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            type = node.path("type").asText("TEXT").toLowerCase(Locale.ROOT);
            body = body(node, type);
        } catch (StreamConstraintsException e) {
            tooLarge(f, "inbox file of " + size + " bytes whose data is longer than a message of maxDataMessageBytes bytes");
            return 0;
        } catch (IOException e) {
            if (settled) {
                LOG.warn("inbox file {} is unreadable ({}); moving it to .failed", shown(f), e.getMessage());
                moveToFailed(f);
            }
            return 0;
        }
        long bytes = body instanceof byte[] b ? b.length : utf8Length((String) body);
        if (bytes > maxMessage) {
            tooLarge(f, type + " message of " + bytes + " bytes");
            return 0;
        }
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(body);
        in.setHeader(PilotConstants.DATA_TYPE, type);
        in.setHeader(PilotConstants.REMOTE_ADDRESS, node.path("from").asText(null));
        in.setHeader(PilotConstants.MESSAGE_ID, node.path("message_id").asText(null));
        in.setHeader(PilotConstants.RECEIVED_AT, Files.getLastModifiedTime(f).toMillis());
        return process(exchange, f);
    }

    /**
     * The daemon acknowledged this message to its sender, so dropping it must never be silent: ERROR, with what
     * to raise, and the file kept in .failed.
     */
    private void tooLarge(Path f, String what) throws IOException {
        LOG.error("{}: {} is over maxDataMessageBytes={}; moving it to .failed undelivered, although the daemon acknowledged it"
                + " to the sender. Raise the pilot:data option maxDataMessageBytes to receive it.", shown(f), what, maxMessage);
        moveToFailed(f);
    }

    private static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4 bytes
        }
        return n;
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
        long size = Files.size(f);
        if (size > maxMessage) {
            tooLarge(f, "received file of " + size + " bytes");
            return 0;
        }
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(Files.readAllBytes(f));
        in.setHeader(PilotConstants.DATA_TYPE, "file");
        // The sender chose the name (the daemon adds a timestamp): no controls, bidi tricks or path steps pass on.
        in.setHeader(PilotConstants.FILE_NAME, SafeText.fileName(f.getFileName().toString()));
        in.setHeader(PilotConstants.RECEIVED_AT, Files.getLastModifiedTime(f).toMillis());
        return process(exchange, f);
    }

    private int process(Exchange exchange, Path f) throws IOException {
        try {
            if (!processSynchronously(exchange, shown(f))) {
                moveToFailed(f);
                return 0;
            }
            Files.deleteIfExists(f);
            return 1;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** The path for a log line: the sender chose part of the name. */
    private static String shown(Path f) {
        return SafeText.printable(f.toString(), 1024);
    }

    private static void moveToFailed(Path f) throws IOException {
        Path failed = Files.createDirectories(f.getParent().resolve(".failed"));
        Files.move(f, failed.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
