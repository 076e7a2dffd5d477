package io.camelagents.bridge.kafka;

import io.camelagents.bridge.BridgeTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts the bodies (record ids) that routes whose id starts with a prefix published successfully through the
 * {@code pilot-events-sink} Kamelet, i.e. wrote to the local daemon (the Kamelet works on a copy of the exchange,
 * under its own route id, so the bridge route's send to the Kamelet is what is watched). That is where
 * kafka-to-pilot's at-least-once guarantee ends: Pilot has no acknowledgements, so whether a subscriber then sees the event is not the bridge's to promise.
 * Register before the context starts: {@code context.getManagementStrategy().addEventNotifier(published)}.
 */
final class PublishedIds extends EventNotifierSupport {
    private final String routeIdPrefix;
    final BridgeTestSupport.IdCounter ids = new BridgeTestSupport.IdCounter();

    PublishedIds(String routeIdPrefix) {
        this.routeIdPrefix = routeIdPrefix;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSentEvent sent
                && sent.getEndpoint().getEndpointUri().startsWith("kamelet:pilot-events-sink")) {
            Exchange exchange = sent.getExchange();
            String route = exchange.getFromRouteId();
            if (exchange.getException() == null && route != null && route.startsWith(routeIdPrefix)) {
                ids.process(exchange);
            }
        }
    }
}
