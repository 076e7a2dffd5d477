package io.camelagents.pilot.connect.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.testkit.PilotNode;
import io.camelagents.pilot.testkit.RawEventPublisher;

/**
 * The event broker's ceiling, measured with raw connections only (pilot-driver + EventFrame, no Camel, no Kafka):
 * N publisher connections, each paced like {@code PilotEventsProducer}, publish to one broker (node 0) for a fixed
 * time; subscribers at the same broker count distinct events, losses, duplicates and latency.
 * <ul>
 * <li>{@code N->1}: N publishers, one topic, 1 subscriber;</li>
 * <li>{@code N->N fan-out}: N publishers, one topic, N subscribers (each should get every event: N x N x rate);</li>
 * <li>{@code N->N pairs}: N publishers, N topics, one subscriber per topic.</li>
 * </ul>
 * "one node": every connection goes through the broker node's own daemon; "several nodes": publishers and
 * subscribers are dealt round-robin over all nodes, so most cross a tunnel to the broker.
 */
public final class BrokerCeiling {
    public enum Mode {
        N_TO_1("N->1"), FAN_OUT("N->N fan-out"), PAIRS("N->N pairs");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** One measured case. */
    public record Result(Mode mode, int n, boolean severalNodes, boolean sharedDriver, long offered, double offeredPerSec,
            long expected, long delivered, double deliveredPerSec, long duplicates, long minPerSubscriber,
            double p50Ms, double p99Ms, double maxMs, String cpu, String errors, double publishSeconds, double lastEventSeconds) {

        public long lost() {
            return expected - delivered;
        }

        public String line() {
            return String.format(Locale.ROOT,
                    "%-13s N=%2d %-13s %-7s offered %,7d (%,6.0f/s)  delivered %,8d of %,8d (%,7.0f/s) lost %,6d (%4.1f%%) dup %,d%s  p50 %6.1f ms p99 %7.1f ms max %7.1f ms  published in %.1f s, last event at %.1f s  cpu %s%s",
                    mode.label, n, severalNodes ? "several nodes" : "one node", sharedDriver ? "shared" : "own-drv", offered, offeredPerSec,
                    delivered, expected, deliveredPerSec, lost(), expected == 0 ? 0.0 : 100.0 * lost() / expected, duplicates,
                    mode == Mode.N_TO_1 ? "" : String.format(Locale.ROOT, " (min/sub %,d)", minPerSubscriber), p50Ms, p99Ms, maxMs,
                    publishSeconds, lastEventSeconds, cpu,
                    errors.isEmpty() ? "" : "  ERRORS " + errors);
        }
    }

    private final List<PilotNode> nodes;
    private final PilotAddress broker;
    private final int rate;
    private final double seconds;
    private int caseNo;

    /** {@code nodes.get(0)} is the broker. */
    public BrokerCeiling(List<PilotNode> nodes, int ratePerConnection, double seconds) throws Exception {
        this.nodes = nodes;
        this.rate = ratePerConnection;
        this.seconds = seconds;
        try (PilotDriver d = PilotDriver.connect(nodes.get(0).socketPath().toString())) {
            this.broker = d.nodeInfo().address();
        }
    }

    public PilotAddress broker() {
        return broker;
    }

    public Result run(Mode mode, int n, boolean severalNodes, boolean sharedDriver) throws Exception {
        String base = "ceil." + (++caseNo) + "." + Long.toHexString(System.nanoTime());
        int subs = mode == Mode.N_TO_1 ? 1 : n;
        long perPublisher = Math.round(rate * seconds);
        List<PilotDriver> drivers = new ArrayList<>();
        List<PilotDriver> shared = new ArrayList<>();
        List<RawEventPublisher> pubs = new ArrayList<>();
        List<RawEventSubscriber> subList = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        StringBuilder errors = new StringBuilder();
        try {
            if (sharedDriver) {
                for (PilotNode node : nodes) {
                    PilotDriver d = PilotDriver.connect(node.socketPath().toString());
                    drivers.add(d);
                    shared.add(d);
                }
            }
            for (int i = 0; i < subs; i++) {
                String topic = mode == Mode.PAIRS ? base + ".t" + i : base;
                topics.add(topic);
                PilotDriver d = driverFor(i, severalNodes, sharedDriver, shared, drivers);
                long expectedSamples = mode == Mode.FAN_OUT ? perPublisher * n : mode == Mode.N_TO_1 ? perPublisher * n : perPublisher;
                subList.add(new RawEventSubscriber(d, broker, topic, (int) Math.min(expectedSamples + 1024, 20_000_000), null));
            }
            for (int i = 0; i < n; i++) {
                // publishers start on the next node after the subscribers' first, so "several nodes" mixes both
                PilotDriver d = driverFor(i + 1, severalNodes, sharedDriver, shared, drivers);
                pubs.add(new RawEventPublisher(i, d, broker, rate));
            }
            awaitSubscriptions(subList, topics);

            long[] cpu0 = cpuTicks();
            long jvm0 = jvmCpuNanos();
            CountDownLatch start = new CountDownLatch(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) (seconds * 3) + 30);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                threads.add(pubs.get(i).startPublishing(mode == Mode.PAIRS ? topics.get(i) : base, perPublisher, start, deadline));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1000));
            }
            long pubEnd = pubs.stream().mapToLong(RawEventPublisher::endedAt).max().orElse(System.nanoTime());
            long pubStart = pubs.stream().mapToLong(RawEventPublisher::startedAt).filter(x -> x > 0).min().orElse(t0);
            drain(subList);
            long[] cpu1 = cpuTicks();
            long jvm1 = jvmCpuNanos();

            long offered = pubs.stream().mapToLong(RawEventPublisher::sent).sum();
            long expected = switch (mode) {
                case N_TO_1, PAIRS -> offered;
                case FAN_OUT -> offered * subs;
            };
            long delivered = 0;
            long dups = 0;
            long minPerSub = Long.MAX_VALUE;
            long lastAt = pubEnd;
            List<long[]> lat = new ArrayList<>();
            for (RawEventSubscriber s : subList) {
                delivered += s.distinct();
                dups += s.duplicates();
                minPerSub = Math.min(minPerSub, s.distinct());
                lastAt = Math.max(lastAt, s.lastAt());
                lat.add(s.latencies());
                if (s.failure() != null) {
                    errors.append("sub: ").append(s.failure()).append("; ");
                }
            }
            for (RawEventPublisher p : pubs) {
                if (p.failure() != null) {
                    errors.append("pub ").append(p.index()).append(": ").append(p.failure()).append("; ");
                }
            }
            long[] all = lat.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            double window = Math.max(1, lastAt - pubStart) / 1e9;
            double pubWindow = Math.max(1, pubEnd - pubStart) / 1e9;
            double busy = (lastAt - pubStart) / 1e9;
            StringBuilder cpu = new StringBuilder();
            for (int i = 0; i < nodes.size(); i++) {
                cpu.append(i == 0 ? "broker " : " n" + i + " ")
                        .append(cpu0[i] < 0 || cpu1[i] < 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", 100.0 * (cpu1[i] - cpu0[i]) / 100.0 / busy));
            }
            cpu.append(String.format(Locale.ROOT, " jvm %.0f%%", 100.0 * (jvm1 - jvm0) / 1e9 / busy));
            return new Result(mode, n, severalNodes, sharedDriver, offered, offered / pubWindow, expected, delivered,
                    delivered / window, dups, minPerSub, pct(all, 0.5), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                    cpu.toString(), errors.toString(), pubWindow, subList.stream().mapToLong(RawEventSubscriber::lastAt).max().orElse(pubStart) / 1e9 - pubStart / 1e9);
        } finally {
            pubs.forEach(RawEventPublisher::close);
            subList.forEach(RawEventSubscriber::close);
            for (PilotDriver d : drivers) {
                try {
                    d.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
    }

    private PilotDriver driverFor(int i, boolean severalNodes, boolean sharedDriver, List<PilotDriver> shared, List<PilotDriver> drivers)
            throws Exception {
        int node = severalNodes ? i % nodes.size() : 0;
        if (sharedDriver) {
            return shared.get(node);
        }
        PilotDriver d = PilotDriver.connect(nodes.get(node).socketPath().toString());
        drivers.add(d);
        return d;
    }

    /** Publishes short probes (not counted) to every topic until every subscriber has seen one; 60 s at most. */
    private void awaitSubscriptions(List<RawEventSubscriber> subs, List<String> topics) throws Exception {
        awaitSubscriptions(nodes.get(0).socketPath(), broker, subs, topics);
    }

    /** Probes through the daemon at {@code socket} until each subscriber has seen a probe on its topic. */
    public static void awaitSubscriptions(Path socket, PilotAddress broker, List<RawEventSubscriber> subs, List<String> topics)
            throws Exception {
        try (PilotDriver d = PilotDriver.connect(socket.toString());
                RawEventPublisher probe = new RawEventPublisher(-1, d, broker, 0)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            byte[] payload = "probe".getBytes(StandardCharsets.UTF_8);
            while (subs.stream().anyMatch(s -> s.otherCount() == 0)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("subscriptions not confirmed within 60 s");
                }
                for (int i = 0; i < subs.size(); i++) {
                    if (subs.get(i).otherCount() == 0) {
                        probe.publishNow(topics.get(i), payload);
                        Thread.sleep(12); // the probe connection stays under the broker's 100/s
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits until no subscriber has received anything for 1.5 s (15 s at most). */
    private static void drain(List<RawEventSubscriber> subs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = subs.stream().mapToLong(RawEventSubscriber::distinct).sum();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(1500)) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private long[] cpuTicks() {
        long[] t = new long[nodes.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = nodes.get(i).daemonPid().map(BrokerCeiling::procTicks).orElse(-1L);
        }
        return t;
    }

    /** utime + stime of a process in clock ticks (100 per second on Linux), or -1. */
    public static long procTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    public static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    public static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))] / 1e6;
    }
}
