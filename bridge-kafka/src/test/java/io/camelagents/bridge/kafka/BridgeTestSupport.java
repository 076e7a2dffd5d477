package io.camelagents.bridge.kafka;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import io.camelagents.pilot.PilotComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared helpers of the bridge tests: Pilot settings, route statistics, counting ids. */
final class BridgeTestSupport {
    /** Payload prefix of probe events that confirm a subscription (see PilotReadiness.confirmSubscription). */
    static final String PROBE = "probe-";

    private BridgeTestSupport() {
    }

    /** Short timeouts so context stops stay quick; reconnects fast after daemon restarts. */
    static void configurePilot(CamelContext context) {
        PilotComponent pilot = context.getComponent("pilot", PilotComponent.class);
        pilot.getConfiguration().setShutdownTimeout(5000);
        pilot.getConfiguration().setReconnectInitialDelay(200);
        pilot.getConfiguration().setReconnectMaxDelay(1000);
        context.getShutdownStrategy().setTimeout(20);
    }

    /** JMX statistics of a route (camel-management). */
    static ManagedRouteMBean route(CamelContext context, String routeId) {
        return context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute(routeId);
    }

    /** Exchanges completed + failed by a route. */
    static long exchangesTotal(CamelContext context, String routeId) {
        return route(context, routeId).getExchangesTotal();
    }

    /**
     * Waits until every event a pilot-to-kafka intake accepted is accounted for: the intake has nothing in flight
     * and its exchange count equals the distinct values in Kafka plus the events handed to the overflow endpoint.
     * That is the bridge's guarantee (counts in = counts out + explicit overflow); the intake's count itself
     * depends on what Pilot delivered, which nothing guarantees.
     */
    static void awaitIntakeAccountedFor(CamelContext context, String intakeRouteId, KafkaTopicReader kafka,
            IntSupplier overflowed, Duration timeout) {
        await().alias("every event " + intakeRouteId + " accepted is in Kafka or at the overflow endpoint").atMost(timeout)
                .conditionEvaluationListener(c -> {
                    if (!c.isSatisfied() && c.getRemainingTimeInMS() < 1000) { // the last look, for the failure's reader
                        System.out.printf("%s: accepted %d, in Kafka %d distinct, overflowed %d, in flight %d%n", intakeRouteId,
                                exchangesTotal(context, intakeRouteId), kafka.values().size(), overflowed.getAsInt(),
                                context.getInflightRepository().size(intakeRouteId));
                    }
                })
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    long accepted = exchangesTotal(context, intakeRouteId);
                    boolean idle = context.getInflightRepository().size(intakeRouteId) == 0;
                    int out = kafka.poll().values().size() + overflowed.getAsInt();
                    return idle && accepted == out && accepted == exchangesTotal(context, intakeRouteId);
                });
    }

    /** Counts bodies (record ids) as they arrive; duplicates are counted, not hidden. */
    static final class IdCounter implements Processor {
        final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();

        @Override
        public void process(Exchange exchange) {
            String id = new String(exchange.getIn().getBody(byte[].class), StandardCharsets.UTF_8);
            seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
        }

        int distinct() {
            return seen.size();
        }

        int duplicates() {
            return total.get() - seen.size();
        }

        boolean sawProbe() {
            return seen.keySet().stream().anyMatch(id -> id.startsWith(PROBE));
        }

        List<String> missing(String prefix, int count) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (!seen.containsKey(prefix + i)) {
                    missing.add(prefix + i);
                }
            }
            return missing;
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
