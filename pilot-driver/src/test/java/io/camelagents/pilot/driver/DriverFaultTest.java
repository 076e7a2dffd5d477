package io.camelagents.pilot.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a real daemon cannot produce, against {@link FakeIpcDaemon}: each must give a clear error, bounded
 * memory and no hang. Everything that a real daemon can do is tested in {@link DriverIntegrationTest}.
 */
class DriverFaultTest {
    /** Only guards against a hang: each fault must end the call by itself, long before this. */
    private static final Duration FAST = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private PilotDriver connect(FakeIpcDaemon fake) throws PilotException {
        return PilotDriver.connect(PilotDriverOptions.builder().socketPath(fake.path.toString())
                .requestTimeout(Duration.ofSeconds(2)).build());
    }

    @Test
    void frameLengthOverTheLimitClosesTheSessionWithoutAllocating() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO,
                (cmd, p, peer) -> peer.raw(ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put((byte) 0x0E).flip())));
             PilotDriver driver = connect(fake)) {
            PilotProtocolException e = assertTimeoutPreemptively(FAST,
                    () -> assertThrows(PilotProtocolException.class, driver::trustedPeers));
            assertTrue(e.getMessage().contains("exceeds the limit of 1048576"), e.getMessage());
            assertFalse(driver.isConnected());
        }
    }

    @Test
    void truncatedFrameFailsWaitersAtOnce() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO, (cmd, p, peer) -> {
            peer.raw(ByteBuffer.allocate(14).putInt(100).put((byte) 0x10).put("{\"sta".getBytes(StandardCharsets.UTF_8)).flip());
            peer.close();
        })); PilotDriver driver = connect(fake)) {
            PilotDisconnectedException e = assertTimeoutPreemptively(FAST,
                    () -> assertThrows(PilotDisconnectedException.class, driver::trustedPeers));
            assertTrue(e.getMessage().contains("truncated frame"), e.getMessage());
        }
    }

    @Test
    void zeroLengthFrameIsAProtocolError() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO,
                (cmd, p, peer) -> peer.raw(new byte[] {0, 0, 0, 0})));
             PilotDriver driver = connect(fake)) {
            PilotProtocolException e = assertThrows(PilotProtocolException.class, driver::trustedPeers);
            assertTrue(e.getMessage().contains("length 0"), e.getMessage());
        }
    }

    @Test
    void garbageOnTheSocketIsAProtocolError() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO,
                (cmd, p, peer) -> peer.raw("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
             PilotDriver driver = connect(fake)) {
            PilotProtocolException e = assertTimeoutPreemptively(FAST,
                    () -> assertThrows(PilotProtocolException.class, driver::trustedPeers));
            assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
        }
    }

    @Test
    void unknownCommandBytesAreCountedAndSkipped() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO, (cmd, p, peer) -> {
            peer.frame(0x7F, new byte[] {1, 2, 3});
            peer.json(0x10, "{\"trusted\":[{\"node_id\":9,\"mutual\":true}]}");
        })); PilotDriver driver = connect(fake)) {
            assertEquals(9, driver.trustedPeers().get(0).nodeId());
            assertEquals(1, driver.unexpectedFrames());
            assertTrue(driver.isConnected());
        }
    }

    @Test
    void outOfOrderReplyIsNotMistakenForTheAnswer() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO, (cmd, p, peer) -> {
            peer.frame(0x02, new byte[] {0x03, (byte) 0xE8}); // a BindOK nobody asked for
            peer.json(0x10, "{\"trusted\":[]}");
        })); PilotDriver driver = connect(fake)) {
            assertTrue(driver.trustedPeers().isEmpty());
            assertEquals(1, driver.unexpectedFrames());
        }
    }

    @Test
    void onlyAWrongReplyMeansATimeoutNamingTheRequest() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO,
                (cmd, p, peer) -> peer.frame(0x02, new byte[] {0, 7})));
             PilotDriver driver = connect(fake)) {
            PilotTimeoutException e = assertThrows(PilotTimeoutException.class, driver::trustedPeers);
            assertTrue(e.getMessage().contains("trusted peers"), e.getMessage());
        }
    }

    @Test
    void malformedJsonReplyIsAClearError() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO,
                (cmd, p, peer) -> peer.json(0x10, "{\"trusted\": [")));
             PilotDriver driver = connect(fake)) {
            PilotProtocolException e = assertThrows(PilotProtocolException.class, driver::trustedPeers);
            assertTrue(e.getMessage().contains("malformed reply"), e.getMessage());
            assertTrue(driver.isConnected(), "a bad reply body does not break the framing");
        }
    }

    @Test
    void daemonErrorCarriesItsText() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO,
                (cmd, p, peer) -> peer.error("dial timeout")));
             PilotDriver driver = connect(fake)) {
            PilotDaemonException e = assertThrows(PilotDaemonException.class,
                    () -> driver.dial(PilotSocketAddress.parse("0:0000.0000.0009:7"), Duration.ofSeconds(2)));
            assertEquals("dial timeout", e.daemonMessage());
            assertTrue(e.getMessage().contains("dial 0:0000.0000.0009:7"), e.getMessage());
        }
    }

    @Test
    void daemonDisappearingFailsEveryWaiterAtOnce() throws Exception {
        CountDownLatch dialArrived = new CountDownLatch(1);
        AtomicReference<FakeIpcDaemon> ref = new AtomicReference<>();
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO, (cmd, p, peer) -> {
            if (cmd == IpcCommand.DIAL) {
                dialArrived.countDown(); // never answered: the daemon "crashes" instead
            } else if (cmd == IpcCommand.BIND) {
                peer.frame(0x02, new byte[] {0x03, (byte) 0xE8});
            }
        })); PilotDriver driver = PilotDriver.connect(PilotDriverOptions.builder().socketPath(dir.resolve("fake.sock").toString())
                .dialTimeout(Duration.ofSeconds(60)).build())) {
            ref.set(fake);
            AtomicReference<Throwable> dialError = new AtomicReference<>();
            Thread dialer = new Thread(() -> {
                try {
                    driver.dial(PilotSocketAddress.parse("0:0000.0000.0009:7"));
                } catch (Throwable t) {
                    dialError.set(t);
                }
            });
            dialer.start();
            assertTrue(dialArrived.await(30, TimeUnit.SECONDS));
            PilotListener listener = driver.listen(1000);
            fake.dropClients();
            // "at once" = because of the disconnect, not their own timeouts: the dial would wait 60 s and end with a
            // PilotTimeoutException, the accept 120 s; a PilotDisconnectedException well before that is the proof
            dialer.join(30_000);
            assertFalse(dialer.isAlive(), "the pending dial must fail when the daemon disappears");
            assertTrue(dialError.get() instanceof PilotDisconnectedException, String.valueOf(dialError.get()));
            assertTimeoutPreemptively(FAST, () -> assertThrows(PilotDisconnectedException.class,
                    () -> listener.accept(Duration.ofSeconds(120))));
            assertThrows(PilotDisconnectedException.class, driver::info);
            assertFalse(driver.isConnected());
        }
    }

    @Test
    void dataBeforeAcceptIsKeptAndDelivered() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO, (cmd, p, peer) -> {
            if (cmd == IpcCommand.BIND) {
                peer.frame(0x02, new byte[] {0x03, (byte) 0xE8});
                peer.frame(0x07, ByteBuffer.allocate(9).putInt(42).put("early".getBytes(StandardCharsets.UTF_8)).array());
                ByteBuffer accept = ByteBuffer.allocate(14).putShort((short) 1000).putInt(42)
                        .putShort((short) 0).putInt(9).putShort((short) 49152);
                peer.frame(0x05, accept.array());
                peer.frame(0x09, ByteBuffer.allocate(4).putInt(42).array());
            } else if (cmd == IpcCommand.UNBIND) {
                peer.frame(0x38, new byte[] {0x03, (byte) 0xE8});
            }
        })); PilotDriver driver = connect(fake); PilotListener listener = driver.listen(1000)) {
            PilotConnection conn = listener.accept(Duration.ofSeconds(5));
            assertEquals("0:0000.0000.0009:49152", conn.remote().toString());
            assertEquals(1000, conn.localPort());
            InputStream in = conn.getInputStream();
            assertArrayEquals("early".getBytes(StandardCharsets.UTF_8), assertTimeoutPreemptively(FAST, () -> in.readAllBytes()));
        }
    }

    @Test
    void unreadDataBeyondTheBudgetFailsThatConnectionOnly() throws Exception {
        byte[] chunk = new byte[40_000];
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO, (cmd, p, peer) -> {
            if (cmd == IpcCommand.DIAL) {
                // Data first, DialOK last: the reader adopts all of it before the application can read a byte,
                // so the budget is exceeded whatever the thread timing.
                for (int i = 0; i < 3; i++) {
                    peer.frame(0x07, ByteBuffer.allocate(4 + chunk.length).putInt(3).put(chunk).array());
                }
                peer.frame(0x04, ByteBuffer.allocate(4).putInt(3).array());
            } else if (cmd == IpcCommand.CLOSE) {
                peer.frame(0x09, new byte[] {0, 0, 0, 3});
            } else if (cmd == IpcCommand.HANDSHAKE) {
                peer.json(0x10, "{\"trusted\":[]}");
            }
        })); PilotDriver driver = PilotDriver.connect(PilotDriverOptions.builder().socketPath(dir.resolve("fake.sock").toString())
                .maxBufferedBytesPerConnection(65536).build())) {
            PilotConnection conn = driver.dial(PilotSocketAddress.parse("0:0000.0000.0009:1000"));
            PilotException e = assertTimeoutPreemptively(FAST,
                    () -> assertThrows(PilotException.class, () -> conn.getInputStream().readAllBytes()));
            assertTrue(e.getMessage().contains("receive buffer limit of 65536"), e.getMessage());
            assertTrue(driver.trustedPeers().isEmpty(), "the driver itself keeps working");
        }
    }

    @Test
    void aConnectionTheDaemonForgotFailsItsWriters() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.V122_INFO, (cmd, p, peer) -> {
            if (cmd == IpcCommand.DIAL) {
                peer.frame(0x04, ByteBuffer.allocate(4).putInt(4).array());
            } else if (cmd == IpcCommand.SEND) {
                peer.error("connection 4 not found"); // v1.2.2-style answer to a send on a dropped connection
            } else if (cmd == IpcCommand.CLOSE) {
                peer.error("connection 4 not found");
            }
        })); PilotDriver driver = connect(fake)) {
            PilotConnection conn = driver.dial(PilotSocketAddress.parse("0:0000.0000.0009:7"));
            conn.getOutputStream().write(new byte[] {1});
            // the failure arrives with the first send's error frame; keep writing until it does (FAST bounds it)
            PilotDaemonException e = assertTimeoutPreemptively(FAST, () -> assertThrows(PilotDaemonException.class, () -> {
                while (true) {
                    conn.getOutputStream().write(new byte[] {1});
                    Thread.sleep(5);
                }
            }));
            assertEquals("connection 4 not found", e.daemonMessage());
            assertThrows(PilotDaemonException.class, () -> conn.getInputStream().read());
            assertTrue(driver.isConnected(), "the driver itself is fine");
            conn.close();
        }
    }

    @Test
    void v122DaemonIsDetectedAndNeverSentNewerCommands() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.V122_INFO, (cmd, p, peer) -> {
            if (cmd == IpcCommand.HANDSHAKE) {
                peer.json(0x10, "{\"trusted\":[{\"node_id\":9}]}");
            } else if (cmd == IpcCommand.SEND_TO) {
                peer.error("sendto: no route to 0:0000.0000.0009"); // v1.2.2 reports failed fire-and-forget sends
            } else if (cmd == IpcCommand.SET_TASK_EXEC) {
                peer.frame(0x1E, new byte[0]);
            }
        })); PilotDriver driver = connect(fake)) {
            assertEquals(DaemonGeneration.V1_2_2, driver.generation());
            assertFalse(driver.supports(Capability.HEALTH));
            PilotUnsupportedException e = assertThrows(PilotUnsupportedException.class, driver::health);
            assertTrue(e.getMessage().contains("v1.2.2 generation") && e.getMessage().contains("newest-generation"), e.getMessage());
            assertThrows(PilotUnsupportedException.class,
                    () -> driver.sendToConfirmed(PilotSocketAddress.parse("0:0000.0000.0009:5000"), new byte[1]));
            // Handshake wait is emulated by polling the trusted list.
            assertTrue(driver.waitForTrust(9, Duration.ofSeconds(2)));
            driver.setTaskExecution(true);
            // A stray send error must not be taken as the reply to the next request.
            driver.sendTo(PilotSocketAddress.parse("0:0000.0000.0009:5000"), new byte[] {1});
            assertEquals(9, driver.trustedPeers().get(0).nodeId());
            assertEquals(1, driver.strayErrors());
            assertFalse(fake.received.contains(IpcCommand.HEALTH));
            assertFalse(fake.received.contains(IpcCommand.SEND_TO_CONFIRM));
        }
    }

    @Test
    void aVersionWithoutFeaturesIsTreatedAsTheOlderGeneration() throws Exception {
        String intermediate = "{\"node_id\":3,\"address\":\"0:0000.0000.0003\",\"version\":\"dev\",\"email\":\"a@b\"}";
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(intermediate, (c, p, peer) -> { }));
             PilotDriver driver = connect(fake)) {
            assertEquals(DaemonGeneration.V1_2_2, driver.generation());
            assertThrows(PilotUnsupportedException.class, driver::health);
            assertFalse(fake.received.contains(IpcCommand.HEALTH));
        }
    }

    @Test
    void newestDaemonCapabilities() throws Exception {
        try (FakeIpcDaemon fake = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.NEWEST_INFO, (c, p, peer) -> { }));
             PilotDriver driver = connect(fake)) {
            assertEquals(DaemonGeneration.NEWEST, driver.generation());
            assertEquals("1.18.0", driver.nodeInfo().version());
            assertTrue(driver.supports(Capability.CONFIRMED_SEND_TO));
            assertTrue(driver.supports(Capability.UNBIND));
            assertFalse(driver.supports(Capability.SET_TASK_EXEC));
            assertThrows(PilotUnsupportedException.class, () -> driver.setTaskExecution(true));
        }
    }

    @Test
    void noSocketIsAClearDisconnectedError() {
        PilotDisconnectedException e = assertThrows(PilotDisconnectedException.class,
                () -> PilotDriver.connect(dir.resolve("absent.sock").toString()));
        assertTrue(e.getMessage().contains("is pilot-daemon running"), e.getMessage());
    }
}
