package io.camelagents.pilot;

import io.camelagents.pilot.driver.Capability;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import org.apache.camel.Exchange;

/**
 * Sends the body as one datagram to {@code peer}:{@code port}. Where the daemon can confirm that the datagram
 * left (newest, dgram_confirm) the send is confirmed, so routing errors fail the exchange.
 */
final class PilotDatagramProducer extends PilotProducerSupport {

    PilotDatagramProducer(PilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] body = exchange.getIn().getMandatoryBody(byte[].class);
        PilotDriver driver = client().driver();
        PilotSocketAddress target = new PilotSocketAddress(peer(exchange, driver), getEndpoint().getPort());
        if (driver.supports(Capability.CONFIRMED_SEND_TO)) {
            driver.sendToConfirmed(target, body);
        } else {
            driver.sendTo(target, body);
        }
    }
}
