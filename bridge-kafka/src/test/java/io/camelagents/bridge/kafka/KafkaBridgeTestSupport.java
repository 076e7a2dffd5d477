package io.camelagents.bridge.kafka;

import static io.camelagents.bridge.BridgeTestSupport.exchangesTotal;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntSupplier;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Helpers of the Kafka bridge tests; the ones all bridges share are in {@link io.camelagents.bridge.BridgeTestSupport}. */
final class KafkaBridgeTestSupport {

    private KafkaBridgeTestSupport() {
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

    static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
