package io.camelagents.pilot.driver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.junit.jupiter.api.Test;

/**
 * A daemon killed mid-transfer: the blocked reader and writer fail with typed errors (the connection has no read
 * timeout, so only the loss of the daemon can end them); after a restart a reconnected driver works. How fast
 * both happen (target: failure within 2 s of the kill) is measured by {@code DriverBenchmark}, not asserted here.
 * Runs on the newest generation; {@link LegacyDriverDaemonRestartTest} runs it on the older one.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "rst")
class DriverDaemonRestartTest {

    @Test
    void daemonKilledMidTransferThenReconnect(LocalPilotNetwork network) throws Exception {
        PilotNode nodeA = network.node(0);
        PilotNode nodeB = network.node(1);
        PilotSocketAddress bEcho = new PilotSocketAddress(PilotAddress.parse(nodeB.address()), 7);
        PilotDriver a = PilotDriver.connect(nodeA.socketPath().toString());
        AtomicReference<Throwable> writeError = new AtomicReference<>();
        AtomicReference<Throwable> readError = new AtomicReference<>();
        CountDownLatch flowing = new CountDownLatch(1);
        CountDownLatch bothFailed = new CountDownLatch(2);
        PilotConnection c = a.dial(bEcho, Duration.ofSeconds(20));
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < 100_000; i++) { // bounded; the kill ends it long before
                    c.getOutputStream().write(chunk);
                    Thread.sleep(5);
                }
            } catch (Throwable t) {
                writeError.set(t);
            }
            bothFailed.countDown();
        });
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[65536];
            try {
                while (c.getInputStream().read(buf) >= 0) {
                    flowing.countDown();
                }
            } catch (Throwable t) {
                readError.set(t);
            }
            bothFailed.countDown();
        });
        writer.start();
        reader.start();
        assertTrue(flowing.await(20, TimeUnit.SECONDS), "echo data never came back");

        nodeA.kill();
        // generous bound: only a hang fails here; the 2 s target is DriverBenchmark's
        assertTrue(bothFailed.await(60, TimeUnit.SECONDS), "reader and writer must fail once the daemon is killed");
        assertInstanceOf(PilotDisconnectedException.class, readError.get());
        assertInstanceOf(PilotException.class, writeError.get());
        assertFalse(a.isConnected());

        nodeA.start(network.registryAddress(), Duration.ofSeconds(30));
        try (PilotDriver again = PilotDriver.connectWithBackoff(PilotDriverOptions.builder()
                .socketPath(nodeA.socketPath().toString()).build(), Duration.ofSeconds(30))) {
            assertEquals(nodeA.nodeId(), again.refreshInfo().nodeId(), "same identity file, same node id");
            // the restarted daemon needs a moment to rebuild its tunnel to B: dial until it answers
            AtomicReference<PilotConnection> dialed = new AtomicReference<>();
            await("B's echo port dialled through the restarted daemon").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(PilotException.class)
                    .until(() -> dialed.compareAndSet(null, again.dial(bEcho, Duration.ofSeconds(20))));
            PilotConnection c2 = dialed.get();
            byte[] msg = "after restart".getBytes(StandardCharsets.UTF_8);
            c2.getOutputStream().write(msg);
            byte[] back = new byte[msg.length];
            c2.setReadTimeoutMillis(10_000);
            new DataInputStream(c2.getInputStream()).readFully(back);
            assertArrayEquals(msg, back);
            c2.close();
        }
    }
}
