package io.camelagents.pilot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Issue 11 section 4: what ONE route sustains with {@code publishConnections} = 1, 2, 4, 8 (publishRate 95) next to
 * N separate routes with one connection each, on two real daemons: the routes run on B and publish to B's broker, a
 * subscriber on A at B's broker counts what arrives. Every run is bounded ({@code seconds} x N x 95 events) and is
 * fed as fast as the route takes events:
 * <ul>
 * <li>one route, unkeyed, one calling thread: the producer spreads round-robin over its N connections</li>
 * <li>N routes, one connection each, one calling thread each: the way to scale before this option</li>
 * <li>one route, keyed (1,024 keys drawn at random), one calling thread: each event must wait for its key's connection,
 * which is what a Kafka consumer route such as kafka-to-pilot does</li>
 * <li>one route, keyed, N calling threads (each with keys of its own), as with a route fed by N concurrent consumers</li>
 * </ul>
 * Delivered/s = events received / (first send to last arrival); drops = sent - received once nothing more arrives
 * for 3 s. Out of order = events that arrived after a later event of the same series (unkeyed: each calling
 * thread's events; keyed: each key's), the ordering consequence of spreading.
 * Run: {@code bash scripts/bench.sh publish [seconds]} (default 10 s of events per run).
 */
public final class PublishConnectionsBenchmark {
    private static final int RATE = 95;
    private static final int KEYS = 1024;
    private static final String MARKER = "marker";

    private final CamelContext context;
    private final ProducerTemplate template;
    private final PilotNode b;
    /** Run of each topic: every route of a run publishes to a topic of its own. */
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private int runCount;

    private PublishConnectionsBenchmark(CamelContext context, PilotNode b) {
        this.context = context;
        this.template = context.createProducerTemplate();
        this.b = b;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try (LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(2).hostnamePrefix("pcbench").start()) {
            PilotNode a = network.node(0);
            PilotNode b = network.node(1);
            CamelContext context = new DefaultCamelContext();
            context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(5000);
            PublishConnectionsBenchmark bench = new PublishConnectionsBenchmark(context, b);
            AtomicLong markers = new AtomicLong();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pilot:events?topic=pc.*&broker=" + b.address() + "&socketPath=" + a.socketPath()).routeId("subscriber")
                            .process(e -> {
                                String topic = e.getIn().getHeader(PilotConstants.TOPIC, String.class);
                                String body = e.getIn().getBody(String.class);
                                Run run = bench.runs.get(topic);
                                if (run != null) {
                                    run.arrived(body);
                                } else if (MARKER.equals(body)) {
                                    markers.incrementAndGet();
                                }
                            });
                }
            });
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            PilotReadiness.confirmSubscription(() -> bench.template.sendBodyAndHeader("pilot:events?socketPath=" + b.socketPath(), MARKER,
                    PilotConstants.TOPIC, "pc.marker"), () -> markers.get() > 0, Duration.ofSeconds(60));
            System.out.printf(Locale.ROOT, "publishRate %d per connection, %d s of events per run, %d cores%n", RATE, seconds,
                    Runtime.getRuntime().availableProcessors());
            System.out.println("case                                               |  sent | offered/s | delivered/s | drops | out of order | load 1 min");
            List<String> lines = new ArrayList<>();
            for (int n : new int[] {1, 2, 4, 8}) {
                int events = seconds * n * RATE;
                lines.add(bench.run("one route, publishConnections=" + n + ", unkeyed", n, 1, 1, false, events));
                if (n > 1) {
                    lines.add(bench.run(n + " routes x 1 connection", 1, n, 1, false, events));
                }
                lines.add(bench.run("one route, publishConnections=" + n + ", keyed", n, 1, 1, true, events));
                if (n > 1) {
                    lines.add(bench.run("one route, publishConnections=" + n + ", keyed, " + n + " threads", n, 1, n, true, events));
                }
            }
            context.stop();
            System.out.println();
            System.out.println("case                                               |  sent | offered/s | delivered/s | drops | out of order | load 1 min");
            lines.forEach(System.out::println);
        }
    }

    /**
     * {@code routes} routes with {@code connections} each, {@code callersPerRoute} calling threads per route,
     * {@code events} in total.
     */
    private String run(String label, int connections, int routes, int callersPerRoute, boolean keyed, int events) throws Exception {
        String name = "pc.r" + runCount++;
        Run run = new Run();
        List<String> routeIds = new ArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (int r = 0; r < routes; r++) {
                    // a topic, so a URI, per route: each route has its own producer and connections
                    String topic = name + "-" + r;
                    runs.put(topic, run);
                    from("direct:" + topic).routeId(topic)
                            .to("pilot:events?topic=" + topic + "&publishRate=" + RATE + "&publishConnections=" + connections
                                    + "&socketPath=" + b.socketPath());
                    routeIds.add(topic);
                }
            }
        });
        int perCaller = events / (routes * callersPerRoute);
        List<Thread> callers = new ArrayList<>();
        long began = System.nanoTime();
        for (int c = 0; c < routes * callersPerRoute; c++) {
            int caller = c;
            String endpoint = "direct:" + name + "-" + (c / callersPerRoute);
            Thread t = new Thread(() -> {
                Random random = new Random(caller);
                int[] nextOfKey = new int[KEYS];
                for (int i = 0; i < perCaller; i++) {
                    if (keyed) {
                        // keys of this caller only: the order of a key is defined by the one thread that sends it
                        int k = random.nextInt(KEYS);
                        String key = "c" + caller + "k" + k;
                        template.sendBodyAndHeader(endpoint, key + ":" + nextOfKey[k]++, PilotConstants.PUBLISH_KEY, key);
                    } else {
                        template.sendBody(endpoint, "c" + caller + ":" + i);
                    }
                    run.sent.incrementAndGet();
                }
            }, "caller-" + c);
            t.start();
            callers.add(t);
        }
        for (Thread t : callers) {
            t.join();
        }
        long sendNs = System.nanoTime() - began;
        // delivered or dropped: wait until everything arrived or nothing more arrives for 3 s
        long lastCount = -1;
        long quietSince = System.nanoTime();
        while (run.received.get() < run.sent.get() && System.nanoTime() - quietSince < 3_000_000_000L) {
            if (run.received.get() != lastCount) {
                lastCount = run.received.get();
                quietSince = System.nanoTime();
            }
            Thread.sleep(50);
        }
        for (String id : routeIds) {
            context.getRouteController().stopRoute(id);
            context.removeRoute(id);
        }
        long sent = run.sent.get();
        long received = run.received.get();
        String line = String.format(Locale.ROOT, "%-50s | %5d | %9.0f | %11.0f | %5d | %12d | %s", label, sent, sent / (sendNs / 1e9),
                received / ((run.lastArrival - began) / 1e9), sent - received, run.outOfOrder.get(), loadAverage());
        System.out.println(line);
        return line;
    }

    /** The 1-minute load average (Linux), printed next to every figure. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** What arrived of one run: count, last arrival, and per series the highest sequence number seen. */
    private static final class Run {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final Map<String, Integer> highest = new ConcurrentHashMap<>();
        volatile long lastArrival;

        /** Called by the one subscriber thread. */
        void arrived(String body) {
            int colon = body.indexOf(':');
            String series = body.substring(0, colon);
            int seq = Integer.parseInt(body.substring(colon + 1));
            Integer before = highest.get(series);
            if (before != null && seq < before) {
                outOfOrder.incrementAndGet();
            } else {
                highest.put(series, seq);
            }
            received.incrementAndGet();
            lastArrival = System.nanoTime();
        }
    }
}
