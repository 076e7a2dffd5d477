package io.camelagents.pilot;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.peer.PilotPeerChannel;
import io.camelagents.pilot.peer.PilotPeerServer;
import io.camelagents.pilot.protocol.FrameAssembler;
import io.camelagents.pilot.protocol.MalformedFrameException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Binds {@code pilot:stream:<port>} and serves its connections through a {@link PilotPeerServer}: every message
 * (length-prefixed, or each raw chunk) becomes an exchange, in order per connection; with InOut and length
 * framing the reply goes back on the same connection. Up to {@code concurrentTasks} connections are processed at
 * once; an idle or silent connection holds no thread and cannot delay the others. A malformed or over-long
 * message closes that connection only, with a logged reason.
 */
final class PilotStreamConsumer extends PilotConsumerSupport {
    private volatile PilotListener listener;
    private ExecutorService workers;
    private PilotPeerServer server;

    PilotStreamConsumer(PilotEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    String describe() {
        return "stream:" + getEndpoint().getPort();
    }

    @Override
    protected void doStart() throws Exception {
        PilotConfiguration c = config();
        workers = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "PilotStream[" + getEndpoint().getPort() + "]", c.getConcurrentTasks());
        server = new PilotPeerServer("pilot:stream:" + getEndpoint().getPort(),
                c.peerLimits(c.getMaxMessageBytes(), c.getPeerIdleTimeout()), workers,
                getEndpoint().getComponent().scheduler(), new StreamProtocol());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (server != null) {
            server.stop();
            server = null;
        }
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(workers, config().getShutdownTimeout());
            workers = null;
        }
    }

    @Override
    void serve(PilotDriver driver) throws Exception {
        PilotListener l = server.listen(driver, getEndpoint().getPort());
        listener = l;
        try {
            serving();
            server.acceptFrom(l, this::isServingAllowed);
        } finally {
            listener = null;
            l.close();
            server.closeAll();
        }
    }

    @Override
    void interruptServe() {
        PilotListener l = listener;
        if (l != null) {
            try {
                l.close();
            } catch (PilotException ignored) {
                // stopping
            }
        }
    }

    @Override
    void addHealthDetails(Map<String, Object> details) {
        PilotPeerServer s = server;
        if (s != null) {
            s.stats().forEach((k, v) -> details.put("pilot.peers." + k, v));
        }
    }

    private final class StreamProtocol implements PilotPeerServer.Protocol {
        @Override
        public int headerBytes() {
            return config().getFraming() == PilotStreamFraming.length ? 4 : 0;
        }

        @Override
        public FrameAssembler.Body onHeader(PilotPeerChannel channel, ByteBuffer header) throws MalformedFrameException {
            long len = Integer.toUnsignedLong(header.getInt());
            if (len > config().getMaxMessageBytes()) {
                throw new MalformedFrameException("stream message length " + len + " exceeds maxMessageBytes " + config().getMaxMessageBytes());
            }
            return FrameAssembler.Body.collect(len);
        }

        @Override
        public void onFrame(PilotPeerChannel channel, FrameAssembler.Frame frame) throws Exception {
            if (!isServingAllowed()) {
                channel.close(); // stopping or suspended: nothing more is processed
                return;
            }
            process(channel, frame.body());
        }
    }

    private void process(PilotPeerChannel channel, byte[] message) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            Message in = exchange.getIn();
            in.setBody(message);
            in.setHeader(PilotConstants.REMOTE_ADDRESS, channel.remote().address().toString());
            in.setHeader(PilotConstants.REMOTE_PORT, channel.remote().port());
            in.setHeader(PilotConstants.LOCAL_PORT, channel.connection().localPort());
            in.setHeader(PilotConstants.CONNECTION_ID, channel.connection().id());
            in.setHeader(PilotConstants.RECEIVED_AT, System.currentTimeMillis());
            if (!processSynchronously(exchange, "stream message from " + channel.remote())) {
                return;
            }
            if (exchange.getPattern().isOutCapable() && config().getFraming() == PilotStreamFraming.length) {
                byte[] reply = exchange.getMessage().getBody(byte[].class);
                channel.write(PilotStreamCodec.encode(reply == null ? new byte[0] : reply));
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
