package io.camelagents.pilot.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.junit.jupiter.api.Test;

/**
 * A daemon killed mid-transfer: typed error within 2 s; after a restart a reconnected driver works. Runs on the
 * newest generation; {@link LegacyDriverDaemonRestartTest} runs it on the older one.
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
        AtomicLong failedAt = new AtomicLong();
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
                failedAt.compareAndSet(0, System.nanoTime());
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
                failedAt.compareAndSet(0, System.nanoTime());
                readError.set(t);
            }
            bothFailed.countDown();
        });
        writer.start();
        reader.start();
        assertTrue(flowing.await(20, TimeUnit.SECONDS), "echo data never came back");

        long killedAt = System.nanoTime();
        nodeA.kill();
        assertTrue(bothFailed.await(2, TimeUnit.SECONDS), "reader and writer must fail within 2 s of the kill");
        assertInstanceOf(PilotDisconnectedException.class, readError.get());
        assertInstanceOf(PilotException.class, writeError.get());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(failedAt.get() - killedAt) < 2000);
        assertFalse(a.isConnected());

        nodeA.start(network.registryAddress(), Duration.ofSeconds(30));
        try (PilotDriver again = PilotDriver.connectWithBackoff(PilotDriverOptions.builder()
                .socketPath(nodeA.socketPath().toString()).build(), Duration.ofSeconds(30))) {
            assertEquals(nodeA.nodeId(), again.refreshInfo().nodeId(), "same identity file, same node id");
            PilotConnection c2 = null;
            // the restarted daemon needs a moment to rebuild its tunnel to B
            for (int attempt = 0; attempt < 5 && c2 == null; attempt++) {
                try {
                    c2 = again.dial(bEcho, Duration.ofSeconds(20));
                } catch (PilotDaemonException | PilotTimeoutException e) {
                    Thread.sleep(1000);
                }
            }
            assertNotNull(c2, "could not dial B's echo port after the restart");
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
