package io.camelagents.pilot;

import java.time.Duration;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotSocketAddress;
import org.apache.camel.Exchange;

/**
 * Dials {@code peer}:{@code port} and writes the body. With length framing and InOut it waits for the reply
 * message on the same connection and makes it the body.
 */
final class PilotStreamProducer extends PilotProducerSupport {

    PilotStreamProducer(PilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] body = exchange.getIn().getMandatoryBody(byte[].class);
        PilotDriver driver = client().driver();
        PilotAddress peer = peer(exchange, driver);
        try (PilotConnection c = driver.dial(new PilotSocketAddress(peer, getEndpoint().getPort()),
                Duration.ofMillis(config().getDialTimeout()))) {
            if (config().getFraming() == PilotStreamFraming.raw) {
                c.getOutputStream().write(body);
                return;
            }
            PilotStreamCodec.write(c.getOutputStream(), body);
            if (exchange.getPattern().isOutCapable()) {
                c.setReadTimeoutMillis(config().getRequestTimeout());
                byte[] reply = PilotStreamCodec.read(c.getInputStream(), config().getMaxMessageBytes());
                if (reply == null) {
                    throw new PilotException("peer " + peer + ":" + getEndpoint().getPort() + " closed without a reply");
                }
                exchange.getMessage().setBody(reply);
            }
        }
    }
}
