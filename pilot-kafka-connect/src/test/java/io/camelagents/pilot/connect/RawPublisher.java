package io.camelagents.pilot.connect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;

/**
 * A plain event publisher (driver + EventFrame) at a broker, paced below the newest broker's 100 publishes per
 * second per connection; {@link #publishRaw} writes frames no well-behaved publisher would.
 */
final class RawPublisher implements AutoCloseable {
    private final PilotDriver driver;
    private final PilotConnection conn;
    private final PublishPacer pacer = new PublishPacer(90);

    RawPublisher(Path socket, String broker) throws IOException {
        driver = PilotDriver.connect(socket.toString());
        PilotAddress address = PilotAddress.parse(broker);
        conn = driver.dial(new PilotSocketAddress(address, EventFrame.EVENT_STREAM_PORT), Duration.ofSeconds(30));
        conn.discardIncoming();
        new EventFrame("test.publisher.unused", new byte[0]).writeTo(conn.getOutputStream()); // the first frame subscribes
    }

    void publish(String topic, String payload) throws IOException, InterruptedException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void publish(String topic, byte[] payload) throws IOException, InterruptedException {
        pacer.await();
        new EventFrame(topic, payload).writeTo(conn.getOutputStream());
    }

    /** A frame with any topic bytes, unchecked. */
    synchronized void publishRaw(byte[] topic, byte[] payload) throws IOException, InterruptedException {
        pacer.await();
        conn.getOutputStream().write(ByteBuffer.allocate(2 + topic.length + 4 + payload.length).putShort((short) topic.length)
                .put(topic).putInt(payload.length).put(payload).array());
    }

    @Override
    public void close() {
        driver.close();
    }
}
