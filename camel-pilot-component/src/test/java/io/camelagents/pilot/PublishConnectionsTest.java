package io.camelagents.pilot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code publishConnections} on two real daemons: a producer on B publishes to B's broker over N paced connections,
 * a subscriber on A at B's broker records what arrives. The producer is driven directly (several threads call it at
 * once, as the threads of a route would), so the test can see how many connections it opened. Rates: 50/s per
 * connection, half the broker's per-connection limit, so a loaded box only slows the run down; four connections
 * offer up to 200/s in total, which one connection cannot carry.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "pubc")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishConnectionsTest {
    private static final int CONNECTIONS = 4;
    private static final int RATE = 50;
    private static final String PROBE = "probe";

    private PilotNode a;
    private PilotNode b;
    private CamelContext context;
    /** Payloads received by the subscriber, in arrival order, per topic. */
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    @BeforeAll
    void network(LocalPilotNetwork network) {
        a = network.node(0);
        b = network.node(1);
    }

    @BeforeEach
    void subscribe() throws Exception {
        received.clear();
        context = new DefaultCamelContext();
        context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(5000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=pubc.*&broker=" + b.address() + "&socketPath=" + a.socketPath()).routeId("subscriber")
                        .process(e -> received.computeIfAbsent(e.getIn().getHeader(PilotConstants.TOPIC, String.class),
                                t -> Collections.synchronizedList(new ArrayList<>())).add(e.getIn().getBody(String.class)));
            }
        });
        context.start();
        PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
        PilotReadiness.confirmSubscription(() -> context.createProducerTemplate().sendBodyAndHeader("pilot:events?socketPath=" + b.socketPath(),
                PROBE, PilotConstants.TOPIC, "pubc.probe"), () -> received.containsKey("pubc.probe"), Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void eventsOfOneKeyArriveInOrderWhileKeysShareFourConnections() throws Exception {
        int keys = 8;
        int perKey = 40;
        // eight keys that hash to three of the four connections: the fourth must never be opened
        List<String> keyNames = new ArrayList<>();
        for (int n = 0; keyNames.size() < keys; n++) {
            if (PublishConnections.connectionOf("key-" + n, CONNECTIONS) != CONNECTIONS - 1) {
                keyNames.add("key-" + n);
            }
        }
        PilotEventsProducer producer = producer();
        try {
            // one thread per key, all at once: each key's events are sent one after the other, the keys interleave
            runThreads(keys, k -> {
                for (int i = 0; i < perKey; i++) {
                    producer.process(event("pubc.keyed", "k" + k + ":" + i, keyNames.get(k)));
                }
            });
            await("every keyed event arrived").atMost(Duration.ofSeconds(120))
                    .until(() -> received.getOrDefault("pubc.keyed", List.of()).size() >= keys * perKey);
            Map<String, List<Integer>> byKey = new ConcurrentHashMap<>();
            for (String body : List.copyOf(received.get("pubc.keyed"))) {
                String[] parts = body.split(":");
                byKey.computeIfAbsent(parts[0], x -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
            for (int k = 0; k < keys; k++) {
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < perKey; i++) {
                    expected.add(i);
                }
                assertEquals(expected, byKey.get("k" + k), "events of " + keyNames.get(k) + " arrive once each, in the order they were published");
            }
            // each key stayed on its connection: only the connections the keys hash to were opened, once each
            Set<Integer> used = new HashSet<>();
            for (String key : keyNames) {
                used.add(PublishConnections.connectionOf(key, CONNECTIONS));
            }
            assertEquals(CONNECTIONS - 1, used.size(), "the keys spread over three connections: " + used);
            assertEquals(used.size(), producer.connectionsOpened(), "one connection per key hash, no reconnects");
        } finally {
            producer.stop();
        }
    }

    @Test
    void unkeyedEventsFromSeveralThreadsUseEveryConnectionAndAllArrive() throws Exception {
        int threads = 6;
        int perThread = 100;
        PilotEventsProducer producer = producer();
        long began = System.nanoTime();
        try {
            runThreads(threads, t -> {
                for (int i = 0; i < perThread; i++) {
                    producer.process(event("pubc.spread", "t" + t + ":" + i, null));
                }
            });
            double sendSeconds = (System.nanoTime() - began) / 1e9;
            await("every unkeyed event arrived").atMost(Duration.ofSeconds(120))
                    .until(() -> received.getOrDefault("pubc.spread", List.of()).size() >= threads * perThread);
            List<String> bodies = List.copyOf(received.get("pubc.spread"));
            assertEquals(threads * perThread, bodies.size(), "no duplicates");
            assertEquals(threads * perThread, new HashSet<>(bodies).size(), "every event once");
            assertEquals(CONNECTIONS, producer.connectionsOpened(), "every connection carried events, none reconnected");
            // informative only (no wall-clock asserts): above 100/s unless the box is very busy
            System.out.printf("publishConnections=%d x publishRate=%d: %d events sent in %.1f s (%.0f/s), all delivered%n",
                    CONNECTIONS, RATE, bodies.size(), sendSeconds, bodies.size() / sendSeconds);
        } finally {
            producer.stop();
        }
    }

    @Test
    void theDefaultIsOneConnection() throws Exception {
        PilotEndpoint endpoint = context.getEndpoint("pilot:events?socketPath=" + b.socketPath(), PilotEndpoint.class);
        PilotEventsProducer producer = (PilotEventsProducer) endpoint.createProducer();
        producer.start();
        try {
            for (int i = 0; i < 20; i++) {
                producer.process(event("pubc.single", "s" + i, i % 2 == 0 ? null : "key-" + i));
            }
            await("all arrived").atMost(Duration.ofSeconds(60)).until(() -> received.getOrDefault("pubc.single", List.of()).size() >= 20);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("s" + i);
            }
            assertEquals(expected, List.copyOf(received.get("pubc.single")), "one connection keeps the order of every event");
            assertEquals(1, producer.connectionsOpened());
        } finally {
            producer.stop();
        }
    }

    private PilotEventsProducer producer() throws Exception {
        PilotEndpoint endpoint = context.getEndpoint("pilot:events?publishConnections=" + CONNECTIONS + "&publishRate=" + RATE
                + "&socketPath=" + b.socketPath(), PilotEndpoint.class);
        PilotEventsProducer producer = (PilotEventsProducer) endpoint.createProducer();
        producer.start();
        return producer;
    }

    private Exchange event(String topic, String body, String key) {
        Exchange e = new DefaultExchange(context);
        e.getIn().setBody(body.getBytes(StandardCharsets.UTF_8));
        e.getIn().setHeader(PilotConstants.TOPIC, topic);
        if (key != null) {
            e.getIn().setHeader(PilotConstants.PUBLISH_KEY, key);
        }
        return e;
    }

    @FunctionalInterface
    private interface Sender {
        void run(int index) throws Exception;
    }

    /** Runs {@code count} senders at once and rethrows the first failure. */
    private static void runThreads(int count, Sender sender) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    sender.run(index);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
