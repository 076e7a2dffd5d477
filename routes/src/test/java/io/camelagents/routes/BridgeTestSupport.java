package io.camelagents.routes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.camelagents.pilot.PilotComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.support.DefaultConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Shared helpers of the bridge tests: readiness, counting, reading a Kafka topic back. */
final class BridgeTestSupport {
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

    /** Waits until every started pilot: consumer reports UP (subscribed / bound). */
    static void awaitPilotConsumersReady(CamelContext context, Duration timeout) throws InterruptedException {
        await("pilot consumers subscribed", timeout, () -> {
            for (Route r : context.getRoutes()) {
                if (r.getEndpoint().getEndpointUri().startsWith("pilot:") && r.getConsumer() instanceof DefaultConsumer c) {
                    HealthCheck check = c.getHealthCheck();
                    if (check == null || check.call().getState() != HealthCheck.State.UP) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            Thread.sleep(100);
        }
    }

    /** The last event the publisher sent may still be on its way: wait until the route has had nothing in flight for 1 s. */
    static void awaitRouteIdle(CamelContext context, String routeId) throws InterruptedException {
        long[] last = {-1};
        long[] stableSince = {System.nanoTime()};
        await(routeId + " idle", Duration.ofSeconds(30), () -> {
            long total = exchangesTotal(context, routeId);
            if (total != last[0] || context.getInflightRepository().size(routeId) > 0) {
                last[0] = total;
                stableSince[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - stableSince[0] > TimeUnit.SECONDS.toNanos(1);
        });
    }

    /** Exchanges completed + failed by a route (JMX statistics of camel-management). */
    static long exchangesTotal(CamelContext context, String routeId) {
        return context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(routeId).getExchangesTotal();
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

    /** Reads a topic from the beginning with a fresh group until {@code expected} distinct values or the timeout. */
    static List<ConsumerRecord<String, String>> readTopic(String bootstrap, String topic, int expected, Duration timeout) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        java.util.Set<String> distinct = new java.util.HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (distinct.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    records.add(r);
                    distinct.add(r.value());
                }
            }
            // a little longer, to see records beyond the expected ones (duplicates or strays)
            long extra = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < extra) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
