package io.camelagents.pilot;

import java.io.EOFException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;

import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.protocol.MalformedFrameException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds {@code pilot:stream:<port>} and serves each incoming connection on its own worker: every message
 * (length-prefixed, or each raw chunk) becomes an exchange; with InOut and length framing the reply goes back on
 * the same connection. A malformed message closes that connection only, with a logged reason.
 */
final class PilotStreamConsumer extends PilotConsumerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(PilotStreamConsumer.class);
    private volatile PilotListener listener;
    private ExecutorService workers;

    PilotStreamConsumer(PilotEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    String describe() {
        return "stream:" + getEndpoint().getPort();
    }

    @Override
    protected void doStart() throws Exception {
        workers = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newThreadPool(this, "PilotStream[" + getEndpoint().getPort() + "]", 1, config().getConcurrentTasks());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(workers, config().getShutdownTimeout());
            workers = null;
        }
    }

    @Override
    void serve(PilotDriver driver) throws Exception {
        PilotListener l = driver.listen(getEndpoint().getPort());
        listener = l;
        try {
            serving();
            while (isServingAllowed()) {
                PilotConnection conn = l.accept(null);
                workers.submit(() -> handle(conn));
            }
        } finally {
            listener = null;
            l.close();
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

    private void handle(PilotConnection conn) {
        try (conn) {
            InputStream in = conn.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            while (isServingAllowed()) {
                byte[] message;
                if (config().getFraming() == PilotStreamFraming.length) {
                    message = PilotStreamCodec.read(in, config().getMaxMessageBytes());
                    if (message == null) {
                        return;
                    }
                } else {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return;
                    }
                    message = Arrays.copyOf(chunk, n);
                }
                process(conn, message);
            }
        } catch (MalformedFrameException | EOFException e) {
            LOG.warn("closing stream connection from {}: {}", conn.remote(), e.getMessage());
        } catch (Exception e) {
            LOG.debug("stream connection from {} ended: {}", conn.remote(), e.getMessage());
        }
    }

    private void process(PilotConnection conn, byte[] message) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            Message in = exchange.getIn();
            in.setBody(message);
            in.setHeader(PilotConstants.REMOTE_ADDRESS, conn.remote().address().toString());
            in.setHeader(PilotConstants.REMOTE_PORT, conn.remote().port());
            in.setHeader(PilotConstants.LOCAL_PORT, conn.localPort());
            in.setHeader(PilotConstants.CONNECTION_ID, conn.id());
            in.setHeader(PilotConstants.RECEIVED_AT, System.currentTimeMillis());
            if (!processSynchronously(exchange, "stream message from " + conn.remote())) {
                return;
            }
            if (exchange.getPattern().isOutCapable() && config().getFraming() == PilotStreamFraming.length) {
                byte[] reply = exchange.getMessage().getBody(byte[].class);
                PilotStreamCodec.write(conn.getOutputStream(), reply == null ? new byte[0] : reply);
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
