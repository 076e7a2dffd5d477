package io.camelagents.pilot.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;

/**
 * A plain event subscriber at a node's own broker (driver + EventFrame, nothing of the connector): counts each
 * payload it receives on one topic, so tests can tell what arrived, what is missing and what came twice.
 */
final class RawSubscriber implements AutoCloseable {
    private final PilotDriver driver;
    private final PilotConnection conn;
    private final Map<String, Integer> payloads = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final Thread reader;

    RawSubscriber(Path socket, String topic) throws IOException {
        driver = PilotDriver.connect(socket.toString());
        conn = driver.dial(new PilotSocketAddress(driver.nodeInfo().address(), EventFrame.EVENT_STREAM_PORT), Duration.ofSeconds(30));
        new EventFrame(topic, new byte[0]).writeTo(conn.getOutputStream());
        reader = new Thread(this::read, "raw-subscriber-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            InputStream in = conn.getInputStream();
            EventFrame e;
            while ((e = EventFrame.readFrom(in, EventFrame.MAX_PAYLOAD_BYTES)) != null) {
                payloads.merge(new String(e.payload(), StandardCharsets.UTF_8), 1, Integer::sum);
                total.incrementAndGet();
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    boolean received(String payload) {
        return payloads.containsKey(payload);
    }

    int count(String payload) {
        return payloads.getOrDefault(payload, 0);
    }

    int distinct() {
        return payloads.size();
    }

    long total() {
        return total.get();
    }

    @Override
    public void close() {
        driver.close();
    }
}
