package io.camelagents.pilot;

import java.time.Duration;

import io.camelagents.pilot.driver.PilotDatagram;
import io.camelagents.pilot.driver.PilotDatagramReceiver;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotTimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** Each datagram addressed to {@code pilot:datagram:<port>} on this node becomes an exchange. */
final class PilotDatagramConsumer extends PilotConsumerSupport {
    private volatile PilotDatagramReceiver receiver;

    PilotDatagramConsumer(PilotEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    String describe() {
        return "datagram:" + getEndpoint().getPort();
    }

    @Override
    void serve(PilotDriver driver) throws Exception {
        PilotDatagramReceiver r = driver.openDatagramPort(getEndpoint().getPort());
        receiver = r;
        try {
            serving();
            while (isServingAllowed()) {
                PilotDatagram d;
                try {
                    d = r.receive(Duration.ofSeconds(1));
                } catch (PilotTimeoutException idle) {
                    continue;
                }
                deliver(d);
            }
        } finally {
            receiver = null;
            r.close();
        }
    }

    private void deliver(PilotDatagram d) {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(d.data());
        in.setHeader(PilotConstants.REMOTE_ADDRESS, d.source().address().toString());
        in.setHeader(PilotConstants.REMOTE_PORT, d.source().port());
        in.setHeader(PilotConstants.LOCAL_PORT, d.destinationPort());
        in.setHeader(PilotConstants.RECEIVED_AT, System.currentTimeMillis());
        processSynchronously(exchange, "datagram from " + d.source());
        releaseExchange(exchange, false);
    }

    @Override
    void interruptServe() {
        PilotDatagramReceiver r = receiver;
        if (r != null) {
            r.close();
        }
    }
}
