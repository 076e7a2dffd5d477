package io.camelagents.pilot.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelagents.pilot.HoldingTaskExecutor;
import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotCtlResult;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Issue 3 benchmark on two real daemons: events per second publisher → subscriber, and task round-trip latency,
 * each next to the "shell out to pilotctl for every operation" approach of the design sketch.
 * <ul>
 * <li>events, pilot: routes: producer on B (paced at publishRate), consumer on A subscribed at B's broker</li>
 * <li>events, pilotctl: one {@code pilotctl publish} process per event, counted by the same Camel consumer</li>
 * <li>tasks, pilot: routes: pilot:task producer on A, pilot:task consumer on B, sequential round trips, first with a
 * connection per task ({@code reuseTaskConnections=false}), then on a kept connection (the default); next to
 * them the daemons' own floor: echo round trips over one kept connection</li>
 * <li>tasks, pilotctl: the newest CLI has no task command, so the sketch's round trip is send-message with
 * {@code --wait} on A and an executor loop on B that polls {@code pilotctl inbox} and answers with
 * {@code send-message --reply-to}: every step a process</li>
 * <li>200 concurrent task exchanges (issue 10): time to complete, latency, and the extra threads they take while
 * the executor holds them open, next to a thread per exchange calling the producer the blocking way</li>
 * </ul>
 * Run: {@code bash scripts/bench.sh component [events] [tasks]} (defaults 1000 events, 200 tasks).
 */
public final class ComponentBenchmark {
    private static final String MARKER = "marker";

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(2).hostnamePrefix("cbench").start()) {
            PilotNode a = network.node(0);
            PilotNode b = network.node(1);
            CamelContext context = new DefaultCamelContext();
            context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(5000);
            AtomicLong received = new AtomicLong();
            AtomicLong markers = new AtomicLong();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("pilot:events?topic=bench.*&broker=" + b.address() + "&socketPath=" + a.socketPath())
                            .process(e -> (MARKER.equals(e.getIn().getBody(String.class)) ? markers : received).incrementAndGet());
                    from("pilot:task?concurrentTasks=4&socketPath=" + b.socketPath()).routeId("bench-executor").setBody(simple("r:${body}"));
                }
            });
            context.start();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
            ProducerTemplate template = context.createProducerTemplate();
            // the subscription at B's broker is not acknowledged: publish markers until one arrives
            PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader("pilot:events?socketPath=" + b.socketPath(), MARKER,
                    PilotConstants.TOPIC, "bench.marker"), () -> markers.get() > 0, Duration.ofSeconds(60));
            System.out.printf(Locale.ROOT, "%d events, %d tasks, %d cores%n", events, tasks, Runtime.getRuntime().availableProcessors());

            // events through pilot: producer (paced to the broker's 100/s per connection)
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                template.sendBodyAndHeader("pilot:events?socketPath=" + b.socketPath(), "e" + i, PilotConstants.TOPIC, "bench.x");
            }
            awaitCount(received, events, Duration.ofSeconds(60));
            System.out.println(BenchStats.rate("events, pilot: producer -> pilot: consumer", received.get(), System.nanoTime() - t0));

            // unpaced: shows what the broker drops above its per-connection limit
            received.set(0);
            long t1 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                template.sendBodyAndHeader("pilot:events?publishRate=0&socketPath=" + b.socketPath(), "u" + i, PilotConstants.TOPIC, "bench.u");
            }
            long sendNs = System.nanoTime() - t1;
            // the broker keeps a connection's order: once a marker sent after the burst on the same connection is
            // back, every burst event has been delivered or dropped (markers may be dropped too: send until one arrives)
            long markersBefore = markers.get();
            PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader("pilot:events?publishRate=0&socketPath=" + b.socketPath(),
                    MARKER, PilotConstants.TOPIC, "bench.u"), () -> markers.get() > markersBefore, Duration.ofSeconds(60));
            System.out.printf(Locale.ROOT, "events, unpaced producer: sent %d in %.2f s, delivered %d (broker drops above ~100/s per connection)%n",
                    events, sendNs / 1e9, received.get());

            // reference: one pilotctl process per event
            received.set(0);
            int cliEvents = Math.min(events, 100);
            long t2 = System.nanoTime();
            for (int i = 0; i < cliEvents; i++) {
                b.pilotctl("publish", b.address(), "bench.cli", "--data", "c" + i).orThrow();
            }
            awaitCount(received, cliEvents, Duration.ofSeconds(30));
            System.out.println(BenchStats.rate("events, pilotctl publish per event", received.get(), System.nanoTime() - t2));

            // task round trips: a connection per task (as before keep-alive) first, then kept connections
            String submit = "pilot:task?peer=" + b.address() + "&socketPath=" + a.socketPath();
            for (String options : new String[] {"&reuseTaskConnections=false", ""}) {
                for (int i = 0; i < 20; i++) {
                    template.requestBody(submit + options, "warm" + i);
                }
                double[] lat = new double[tasks];
                for (int i = 0; i < tasks; i++) {
                    long s = System.nanoTime();
                    template.requestBody(submit + options, "t" + i);
                    lat[i] = (System.nanoTime() - s) / 1e6;
                }
                BenchStats stats = new BenchStats(lat);
                System.out.printf(Locale.ROOT, "task round trip, pilot: %-22s: %s p99/p50=%.1f (target <= 3)%n",
                        options.isEmpty() ? "kept connection" : "connection per task", stats.summary(),
                        stats.percentile(99) / stats.percentile(50));
            }
            System.out.println("echo round trip, one kept connection  : " + echoRoundTrips(a, b, tasks));

            // 200 concurrent task exchanges: the executor on B holds them all open, then answers
            context.getRouteController().stopRoute("bench-executor");
            concurrentTasks(context, submit, b, 200);
            context.stop();

            int cliTasks = Math.min(tasks, 30);
            System.out.println("task round trip, pilotctl per operation   : " + new BenchStats(cliTaskRoundTrips(a, b, cliTasks)).summary());
        }
    }

    /**
     * {@code n} InOut task exchanges sent at once from one thread through {@code direct:concurrent -> pilot:task},
     * against {@link HoldingTaskExecutor} on B (two threads however many tasks it holds): first held open until all
     * {@code n} wait (the threads counted then are what waiting costs), then answered at once (time to complete all,
     * latency per exchange). Next to it the blocking way: a thread per exchange calling requestBody.
     */
    private static void concurrentTasks(CamelContext context, String submit, PilotNode b, int n) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:concurrent").to(submit);
            }
        });
        AsyncProducer direct = context.getEndpoint("direct:concurrent").createAsyncProducer();
        direct.start();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (HoldingTaskExecutor executor = new HoldingTaskExecutor(b.socketPath().toString())) {
            executor.release();
            for (int i = 0; i < 20; i++) {
                context.createProducerTemplate().requestBody(submit, "warm" + i);
            }
        }
        for (String mode : new String[] {"held until all wait", "answered at once"}) {
            try (HoldingTaskExecutor executor = new HoldingTaskExecutor(b.socketPath().toString())) {
                boolean hold = mode.startsWith("held");
                if (!hold) {
                    executor.release();
                }
                int before = threads.getThreadCount();
                threads.resetPeakThreadCount();
                double[] lat = new double[n];
                CountDownLatch done = new CountDownLatch(n);
                AtomicLong failed = new AtomicLong();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    long s = System.nanoTime();
                    Exchange exchange = direct.getEndpoint().createExchange(ExchangePattern.InOut);
                    exchange.getIn().setBody("c" + i);
                    direct.processAsync(exchange).whenComplete((e, x) -> {
                        lat[k] = (System.nanoTime() - s) / 1e6;
                        if (x != null || e.getException() != null || !("r:c" + k).equals(e.getMessage().getBody())) {
                            failed.incrementAndGet();
                        }
                        done.countDown();
                    });
                }
                if (hold) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (executor.held() < n && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    System.out.printf(Locale.ROOT, "%d concurrent tasks, all %d held open after %.2f s: %d extra threads%n",
                            n, executor.held(), (System.nanoTime() - t0) / 1e9, threads.getThreadCount() - before);
                    executor.release();
                }
                done.await(180, TimeUnit.SECONDS);
                long total = System.nanoTime() - t0;
                System.out.printf(Locale.ROOT, "%d concurrent tasks, async producer, %-19s: all done in %.2f s, %s, failed %d,"
                        + " peak extra threads %d%n", n, mode, total / 1e9, new BenchStats(lat).summary(), failed.get(),
                        threads.getPeakThreadCount() - before);
            }
        }
        // the blocking way, for comparison: one waiting thread per exchange (what a synchronous producer needs)
        try (HoldingTaskExecutor executor = new HoldingTaskExecutor(b.socketPath().toString())) {
            executor.release();
            ProducerTemplate template = context.createProducerTemplate();
            int before = threads.getThreadCount();
            threads.resetPeakThreadCount();
            ExecutorService callers = Executors.newFixedThreadPool(n);
            double[] lat = new double[n];
            long t0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(callers.submit(() -> {
                    long s = System.nanoTime();
                    template.requestBody(submit, "b" + k);
                    lat[k] = (System.nanoTime() - s) / 1e6;
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(180, TimeUnit.SECONDS);
            }
            long total = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "%d concurrent tasks, a thread per exchange (blocking) : all done in %.2f s, %s,"
                    + " peak extra threads %d%n", n, total / 1e9, new BenchStats(lat).summary(), threads.getPeakThreadCount() - before);
            callers.shutdownNow();
        }
        direct.stop();
    }

    /**
     * The daemons' own floor for the task figures: 200-byte round trips to B's echo port (7) over one kept
     * connection, through the same two daemons and the same driver.
     */
    private static String echoRoundTrips(PilotNode a, PilotNode b, int n) throws Exception {
        try (PilotDriver driver = PilotDriver.connect(a.socketPath().toString());
                PilotConnection c = driver.dial(new PilotSocketAddress(PilotAddress.parse(b.address()), 7), Duration.ofSeconds(30))) {
            byte[] message = new byte[200];
            byte[] echoed = new byte[message.length];
            double[] lat = new double[n];
            for (int i = -20; i < n; i++) {
                long s = System.nanoTime();
                c.getOutputStream().write(message);
                for (int got = 0; got < echoed.length;) {
                    int r = c.getInputStream().read(echoed, got, echoed.length - got);
                    if (r < 0) {
                        throw new IllegalStateException("the echo connection ended");
                    }
                    got += r;
                }
                if (i >= 0) {
                    lat[i] = (System.nanoTime() - s) / 1e6;
                }
            }
            BenchStats stats = new BenchStats(lat);
            return String.format(Locale.ROOT, "%s p99/p50=%.1f", stats.summary(), stats.percentile(99) / stats.percentile(50));
        }
    }

    private static void awaitCount(AtomicLong counter, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** A on one side sends and waits for the reply; B's executor loop polls its inbox and replies, all via pilotctl. */
    private static double[] cliTaskRoundTrips(PilotNode a, PilotNode b, int n) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread executor = new Thread(() -> {
            int answered = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (answered < n && System.nanoTime() < deadline) {
                PilotCtlResult inbox = b.pilotctl("inbox");
                if (inbox.ok()) {
                    List<String> ids = new ArrayList<>();
                    for (JsonNode m : inbox.json().path("messages")) {
                        ids.add(m.path("message_id").asText());
                    }
                    if (!ids.isEmpty()) {
                        b.pilotctl("inbox", "--clear");
                    }
                    for (String id : ids) {
                        b.pilotctl("send-message", a.address(), "--reply-to", id, "--data", "r").orThrow();
                        answered++;
                    }
                }
            }
            done.countDown();
        }, "cli-executor");
        executor.setDaemon(true);
        executor.start();
        double[] lat = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            a.pilotctl(Duration.ofSeconds(60), "send-message", b.address(), "--data", "t" + i, "--wait", "30s").orThrow();
            lat[i] = (System.nanoTime() - s) / 1e6;
        }
        done.await(30, TimeUnit.SECONDS);
        return lat;
    }

    private ComponentBenchmark() {
    }
}
