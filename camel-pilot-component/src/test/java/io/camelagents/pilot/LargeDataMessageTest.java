package io.camelagents.pilot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.DataFrame;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * What the daemon acknowledged reaches the route (issue 13, item 8). The newest daemon accepts data-exchange frames
 * up to 64 MiB, so a 20 MiB text and a 15 MiB binary (20.9 M characters of base64 in its inbox file) must be
 * delivered, not moved to {@code .failed}; a sender-chosen file name with a right-to-left override arrives
 * sanitised. A consumer configured for less says so at ERROR and keeps the file in {@code .failed}.
 * <p>
 * The sender is a raw peer: our producer stops at 16 MiB (what v1.2.2 accepts). Bodies are compared by SHA-256
 * inside the route, so the test holds no copies of them.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "big")
class LargeDataMessageTest {
    private static final int TEXT_BYTES = 20 * 1024 * 1024;
    private static final int BINARY_BYTES = 15 * 1024 * 1024;
    private static final String SPOOFED_NAME = "invoice\u202Egpj.exe";

    @Test
    void largeMessagesAndSpoofedFileNamesAreDeliveredAndOversizedOnesFailLoudly(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        Path inbox = b.home().resolve(".pilot/inbox");
        Path received = b.home().resolve(".pilot/received");
        String dirs = "pollDelay=100&inboxDir=" + inbox + "&receivedDir=" + received + "&socketPath=" + b.socketPath();
        PilotAddress bAddr = PilotAddress.parse(b.address());
        try (CamelContext context = new DefaultCamelContext(); PilotDriver raw = PilotDriver.connect(a.socketPath().toString());
             LogCapture log = new LogCapture(PilotDataConsumer.class)) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pilot:data?" + dirs).routeId("inbox").process(LargeDataMessageTest::digestBody).to("mock:data");
                    from("pilot:data?maxDataMessageBytes=1048576&" + dirs).routeId("small").autoStartup(false).to("mock:small");
                }
            });
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            MockEndpoint data = context.getEndpoint("mock:data", MockEndpoint.class);
            data.expectedMessageCount(3);

            Map<String, String> sent = new HashMap<>();
            try (PilotConnection c = raw.dial(new PilotSocketAddress(bAddr, DataFrame.DATA_EXCHANGE_PORT), Duration.ofSeconds(30))) {
                c.setReadTimeoutMillis(60_000);
                // text with characters the daemon's JSON escapes ('<' becomes 6 characters)
                sent.put("text", send(c, 1, null, TEXT_BYTES, "<p>a \"quoted\" & escaped line</p>\n".getBytes(StandardCharsets.UTF_8)));
                assertEquals("ACK TEXT " + TEXT_BYTES + " bytes", ack(c));
                sent.put("binary", send(c, 2, null, BINARY_BYTES, allByteValues()));
                assertEquals("ACK BINARY " + BINARY_BYTES + " bytes", ack(c));
                sent.put("file", send(c, 4, SPOOFED_NAME, 1000, "MZ".getBytes(StandardCharsets.US_ASCII)));
                assertEquals("ACK FILE 1000 bytes", ack(c));
            }
            data.assertIsSatisfied(60_000);
            for (Exchange e : data.getExchanges()) {
                String type = e.getIn().getHeader(PilotConstants.DATA_TYPE, String.class);
                assertEquals(sent.get(type), e.getIn().getHeader("sha256"), type + " arrived byte for byte");
            }
            Map<String, Integer> sizes = new HashMap<>();
            data.getExchanges().forEach(e -> sizes.put(e.getIn().getHeader(PilotConstants.DATA_TYPE, String.class), e.getIn().getHeader("size", Integer.class)));
            assertEquals(Map.of("text", TEXT_BYTES, "binary", BINARY_BYTES, "file", 1000), sizes);
            String fileName = data.getExchanges().stream().filter(e -> "file".equals(e.getIn().getHeader(PilotConstants.DATA_TYPE)))
                    .findFirst().orElseThrow().getIn().getHeader(PilotConstants.FILE_NAME, String.class);
            // the daemon stores <base>-<timestamp>.<ext>; the override character is neutralised
            assertTrue(fileName.matches("invoice_gpj-[0-9.-]+\\.exe"), fileName);
            assertTrue(log.messages(Level.ERROR).isEmpty(), "nothing failed: " + log.messages(Level.ERROR));
            assertFalse(Files.exists(inbox.resolve(".failed")) || Files.exists(received.resolve(".failed")), "nothing moved to .failed");

            // a consumer that accepts less keeps what it cannot take in .failed and says so at ERROR
            context.getRouteController().stopRoute("inbox");
            context.getRouteController().startRoute("small");
            PilotReadiness.awaitConsumer(context, "small", Duration.ofSeconds(60));
            String producer = "pilot:data?peer=" + b.address() + "&socketPath=" + a.socketPath();
            context.createProducerTemplate().sendBody(producer + "&dataType=text", "x".repeat(2 * 1024 * 1024));
            context.createProducerTemplate().sendBodyAndHeader(producer, new byte[2 * 1024 * 1024], PilotConstants.FILE_NAME, "big.bin");
            await("both moved to .failed").atMost(Duration.ofSeconds(30))
                    .until(() -> countFiles(inbox.resolve(".failed")) == 1 && countFiles(received.resolve(".failed")) == 1);
            List<String> errors = log.messages(Level.ERROR);
            assertEquals(2, errors.size(), errors.toString());
            assertTrue(errors.stream().allMatch(m -> m.contains("maxDataMessageBytes=1048576") && m.contains("Raise the pilot:data option")), errors.toString());
            assertTrue(errors.stream().anyMatch(m -> m.contains("big-") && m.contains("received file of " + 2 * 1024 * 1024 + " bytes")), errors.toString());
            assertEquals(0, context.getEndpoint("mock:small", MockEndpoint.class).getReceivedCounter());
        }
    }

    /** Replaces the body by its SHA-256 and size, so the mock holds no megabytes. */
    private static void digestBody(Exchange exchange) throws Exception {
        Object body = exchange.getIn().getBody();
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) body;
        exchange.getIn().setHeader("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        exchange.getIn().setHeader("size", bytes.length);
        exchange.getIn().setBody(null);
    }

    /**
     * Writes one raw data-exchange frame (type u32 + length u32 + payload; FILE payloads start with name length u16
     * + name) whose data is {@code size} bytes of {@code pattern} repeated, in 1 MiB writes; returns the data's SHA-256.
     */
    private static String send(PilotConnection c, int type, String fileName, int size, byte[] pattern) throws Exception {
        byte[] name = fileName == null ? new byte[0] : fileName.getBytes(StandardCharsets.UTF_8);
        int nameField = fileName == null ? 0 : 2 + name.length;
        ByteBuffer head = ByteBuffer.allocate(8 + nameField).putInt(type).putInt(nameField + size);
        if (fileName != null) {
            head.putShort((short) name.length).put(name);
        }
        OutputStream out = c.getOutputStream();
        out.write(head.array());
        byte[] chunk = new byte[1024 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = pattern[i % pattern.length];
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int left = size; left > 0; left -= chunk.length) {
            int n = Math.min(left, chunk.length);
            out.write(chunk, 0, n);
            sha.update(chunk, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String ack(PilotConnection c) throws Exception {
        DataFrame ack = DataFrame.readFrom(c.getInputStream(), 64 * 1024);
        return ack == null ? "(connection closed)" : ack.text();
    }

    private static byte[] allByteValues() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static long countFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
