package io.camelagents.bridge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelagents.pilot.PilotComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

/**
 * Shared helpers of the bridge modules' tests (bridge-kafka, bridge-jms, bridge-http, through this module's test-jar):
 * Pilot settings, route statistics, counting ids.
 */
public final class BridgeTestSupport {
    /** Payload prefix of probe events that confirm a subscription (see PilotReadiness.confirmSubscription). */
    public static final String PROBE = "probe-";

    private BridgeTestSupport() {
    }

    /** Short timeouts so context stops stay quick; reconnects fast after daemon restarts. */
    public static void configurePilot(CamelContext context) {
        PilotComponent pilot = context.getComponent("pilot", PilotComponent.class);
        pilot.getConfiguration().setShutdownTimeout(5000);
        pilot.getConfiguration().setReconnectInitialDelay(200);
        pilot.getConfiguration().setReconnectMaxDelay(1000);
        context.getShutdownStrategy().setTimeout(20);
    }

    /** JMX statistics of a route (camel-management). */
    public static ManagedRouteMBean route(CamelContext context, String routeId) {
        return context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute(routeId);
    }

    /** Exchanges completed + failed by a route. */
    public static long exchangesTotal(CamelContext context, String routeId) {
        return route(context, routeId).getExchangesTotal();
    }

    /** Counts bodies (record ids) as they arrive; duplicates are counted, not hidden. */
    public static final class IdCounter implements Processor {
        public final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        public final AtomicInteger total = new AtomicInteger();

        @Override
        public void process(Exchange exchange) {
            String id = new String(exchange.getIn().getBody(byte[].class), StandardCharsets.UTF_8);
            seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
        }

        public int distinct() {
            return seen.size();
        }

        public int duplicates() {
            return total.get() - seen.size();
        }

        public boolean sawProbe() {
            return seen.keySet().stream().anyMatch(id -> id.startsWith(PROBE));
        }

        public List<String> missing(String prefix, int count) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (!seen.containsKey(prefix + i)) {
                    missing.add(prefix + i);
                }
            }
            return missing;
        }
    }
}
