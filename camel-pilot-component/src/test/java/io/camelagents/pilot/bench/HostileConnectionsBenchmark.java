package io.camelagents.pilot.bench;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.driver.PilotTimeoutException;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Issue 13 benchmark: what hostile peer connections cost a victim node. Not a test: it prints figures.
 * <p>
 * Two real newest-generation daemons A and B. The victim ({@link HostileVictim}) is a separate JVM ({@code -Xmx1g})
 * running a {@code pilot:task} consumer (acceptFrom=any) and a {@code pilot:stream:5200} consumer on B. This JVM is
 * the attacker: it dials B from A with the plain driver and, per scenario, on a fresh victim JVM:
 * <ol>
 * <li>baseline: three 1 MiB warm-up tasks, a legitimate task (8 MiB description) and stream request-reply, then the
 * victim's heap after GC and thread count;</li>
 * <li>opens the hostile connections and holds them, waits (bounded) until the victim's thread count settles,
 * measures again, and checks that a legitimate task and stream request still work while they are held;</li>
 * <li>closes them, waits for the thread count to settle, measures again.</li>
 * </ol>
 * Scenarios: (1) N connections to 1003 sending a SUBMIT header that announces 16 MiB, then silence; (2) N idle
 * connections to 1003; (3, only with {@code --trickle}) N connections to 1003 trickling a frame (header announcing
 * 1 KiB) one byte every 5 s, held for 80 s; (4) N connections to stream 5200 sending a length prefix announcing
 * 16 MiB, then silence; (5) 10 connections each writing 100 valid small SUBMIT frames back to back, counting the
 * SUBMIT responses that come back. Every wait is bounded; a victim that dies or stops answering is reported, and
 * the next scenario starts a new one. Scenarios 1, 2 and 4 also count the hostile connections still open 40 s after
 * opening ({@code --linger=SECONDS}, 0 to skip), to show whether the victim ever sheds them.
 * <p>
 * Uses only public API on the victim side (endpoint URIs, {@code PilotReadiness}) and the driver plus the wire
 * formats on the attacker side, so it runs unchanged against a rewritten task service or stream consumer.
 * <p>
 * Run: {@code bash scripts/bench.sh hostile [N] [--trickle] [--linger=40] [--scenarios=1,2,4,5]} (N defaults to 100;
 * about 3 minutes, plus 80 s with {@code --trickle}).
 * The victim's classpath is {@code -Dhostile.classpath}, else the URLs of the class loader that loaded this class
 * (exec:java's), else {@code java.class.path}. Extra victim JVM flags: {@code -Dhostile.victimJvmArgs="..."}.
 */
public final class HostileConnectionsBenchmark {
    private static final int MIB = 1024 * 1024;
    private static final int TASK_PORT = 1003;
    private static final int SUBMIT = 1;
    private static final int ANNOUNCED_BYTES = 16 * MIB;
    private static final int LEGIT_TASK_BYTES = 8 * MIB;
    private static final int PIPELINE_CONNECTIONS = 10;
    private static final int PIPELINE_DEPTH = 100;
    private static final Duration TRICKLE_INTERVAL = Duration.ofSeconds(5);
    private static final Duration TRICKLE_HOLD = Duration.ofSeconds(80);
    /** Scenarios 1, 2 and 4 count the hostile connections still open this long after opening (past a 30 s frame timeout). */
    private static final Duration DEFAULT_LINGER = Duration.ofSeconds(40);
    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration OPEN_ALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SETTLE_MAX = Duration.ofSeconds(15);
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration VICTIM_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration LEGIT_TASK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LEGIT_STREAM_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A second pilot component (own driver) for the legitimate stream requests. */
    private static final String STREAM_COMPONENT = "pilotstream";

    private final PilotNode a;
    private final PilotNode b;
    private final PilotDriver driver;
    private CamelContext attacker;
    private ProducerTemplate template;
    private final String victimClasspath;
    private final Path logDir;
    private final int n;
    private final Duration linger;
    private final String legitDescription = "x".repeat(LEGIT_TASK_BYTES);
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-bench");
        t.setDaemon(true);
        return t;
    });

    private HostileConnectionsBenchmark(LocalPilotNetwork network, PilotDriver driver, String victimClasspath, Path logDir, int n,
            Duration linger) {
        this.a = network.node(0);
        this.b = network.node(1);
        this.driver = driver;
        this.victimClasspath = victimClasspath;
        this.logDir = logDir;
        this.n = n;
        this.linger = linger;
    }

    public static void main(String[] args) throws Exception {
        int n = 100;
        boolean trickle = false;
        Duration linger = DEFAULT_LINGER;
        Set<Integer> selected = new LinkedHashSet<>(List.of(1, 2, 3, 4, 5));
        for (String arg : args) {
            if (arg.equals("--trickle")) {
                trickle = true;
            } else if (arg.startsWith("--linger=")) {
                linger = Duration.ofSeconds(Long.parseLong(arg.substring("--linger=".length())));
            } else if (arg.startsWith("--scenarios=")) {
                selected.clear();
                for (String s : arg.substring("--scenarios=".length()).split(",")) {
                    selected.add(Integer.parseInt(s.trim()));
                }
            } else if (!arg.isBlank()) {
                n = Integer.parseInt(arg);
            }
        }
        if (!trickle) {
            selected.remove(3);
        }
        String classpath = victimClasspath();
        Path logDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "hostile-bench-");
        long started = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try (LocalPilotNetwork network = LocalPilotNetwork.builder().nodes(2).hostnamePrefix("hostile").start();
                PilotDriver driver = PilotDriver.connect(network.node(0).socketPath().toString())) {
            HostileConnectionsBenchmark bench = new HostileConnectionsBenchmark(network, driver, classpath, logDir, n, linger);
            System.out.printf(Locale.ROOT, "hostile connections benchmark: N=%d, generation %s, %d cores, victim -Xmx1g %s, scenarios %s,"
                    + " linger %d s%n", n, network.generation(), Runtime.getRuntime().availableProcessors(), victimJvmArgs(), selected,
                    linger.toSeconds());
            System.out.println("victim logs: " + logDir);
            for (int id : selected) {
                System.out.printf(Locale.ROOT, "%n--- scenario %d: %s%n", id, bench.title(id));
                Row row;
                try {
                    row = bench.run(id);
                } catch (Throwable e) {
                    row = new Row(id, bench.title(id));
                    row.notes.add("benchmark error: " + e);
                    e.printStackTrace(System.out);
                }
                rows.add(row);
                System.out.println(row.detail());
            }
            bench.stopAttacker();
        }
        System.out.printf(Locale.ROOT, "%n===== hostile connections, N=%d (%.0f s in all) =====%n", n, (System.nanoTime() - started) / 1e9);
        printTables(rows);
        System.exit(0); // abandoned bounded waits may still hold non-daemon threads of the attacker's CamelContext
    }

    private String title(int id) {
        return switch (id) {
            case 1 -> n + " x 1003: SUBMIT header announcing 16 MiB, then silence";
            case 2 -> n + " x 1003: idle, nothing sent";
            case 3 -> n + " x 1003: trickle 1 byte / 5 s (header announcing 1 KiB), held 80 s";
            case 4 -> n + " x stream 5200: length prefix announcing 16 MiB, then silence";
            case 5 -> PIPELINE_CONNECTIONS + " x 1003: " + PIPELINE_DEPTH + " pipelined small SUBMITs each";
            default -> throw new IllegalArgumentException("no scenario " + id);
        };
    }

    // ------------------------------------------------------------------ one scenario

    /**
     * A new CamelContext (new drivers, new IPC connections to daemon A) for the legitimate requests: a transfer that
     * stalled between the daemons can leave daemon A no longer reading the IPC connection it came through, and a
     * later dial on it would wait behind it. The stream check gets a pilot component of its own for the same reason.
     */
    private void freshAttacker() throws Exception {
        stopAttacker();
        CamelContext c = new DefaultCamelContext();
        c.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(2000);
        c.addComponent(STREAM_COMPONENT, new PilotComponent());
        c.getComponent(STREAM_COMPONENT, PilotComponent.class).getConfiguration().setShutdownTimeout(2000);
        c.start();
        attacker = c;
        template = c.createProducerTemplate();
    }

    private void stopAttacker() {
        CamelContext c = attacker;
        attacker = null;
        if (c != null) {
            Future<?> stop = background.submit(() -> {
                c.stop();
                return null;
            });
            try {
                stop.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("attacker context stop: " + e);
            }
        }
    }

    private Row run(int id) throws Exception {
        Row row = new Row(id, title(id));
        freshAttacker();
        try (Victim victim = Victim.start(victimClasspath, b.socketPath().toString(), logDir.resolve("victim-s" + id + ".log"))) {
            if (!victim.awaitReady(VICTIM_START_TIMEOUT)) {
                row.notes.add("victim did not start: " + victim.problem());
                return row;
            }
            row.notes.add(warmUp());
            row.legitTaskBase = legitTask();
            row.legitStreamBase = legitStream();
            row.base = measure(victim);
            victim.resetPeak();

            long t0 = System.nanoTime();
            Attack attack = switch (id) {
                case 1 -> openMany(TASK_PORT, c -> write(c, header(SUBMIT, ANNOUNCED_BYTES)));
                case 2 -> openMany(TASK_PORT, c -> {
                });
                case 3 -> trickle();
                case 4 -> openMany(HostileVictim.STREAM_PORT, c -> write(c, ByteBuffer.allocate(4).putInt(ANNOUNCED_BYTES).array()));
                case 5 -> pipeline();
                default -> throw new IllegalArgumentException("no scenario " + id);
            };
            try {
                row.opened = attack.connections.size();
                row.attempted = attack.attempted;
                row.notes.addAll(attack.notes);
                if (attack.firstDialError.get() != null) {
                    row.notes.add("dial failures " + (attack.attempted - attack.connections.size()) + ", first: "
                            + attack.firstDialError.get());
                }
                row.notes.add(String.format(Locale.ROOT, "opened in %.1f s", (System.nanoTime() - t0) / 1e9));
                row.notes.add("held: " + settle(victim));
                if (id == 3) {
                    long holdUntil = t0 + TRICKLE_HOLD.toNanos();
                    while (System.nanoTime() < holdUntil && victim.isAlive()) {
                        Thread.sleep(500);
                    }
                }
                row.openAtHeld = attack.openCount();
                row.heldAfterSeconds = (System.nanoTime() - t0) / 1e9;
                row.held = measure(victim);
                row.legitTaskHeld = legitTask();
                row.legitStreamHeld = legitStream();
                row.openAfterLegit = attack.openCount();
                if (linger.toSeconds() > 0 && (id == 1 || id == 2 || id == 4)) {
                    // does the victim shed connections that never complete a frame?
                    long until = t0 + linger.toNanos();
                    while (System.nanoTime() < until && victim.isAlive()) {
                        Thread.sleep(500);
                    }
                    row.openAtLinger = attack.openCount();
                    Integer threads = victim.threads(Duration.ofSeconds(10));
                    row.notes.add(String.format(Locale.ROOT, "%.0f s after opening: %d of %d hostile connections still open, victim threads %s",
                            (System.nanoTime() - t0) / 1e9, row.openAtLinger, row.opened, threads == null ? "?" : threads));
                }
            } finally {
                int before = attack.notes.size();
                attack.close();
                row.notes.addAll(attack.notes.subList(before, attack.notes.size()));
            }
            row.notes.add("after close: " + settle(victim));
            row.after = measure(victim);
            row.victimState = victim.isAlive() ? "alive" : victim.problem();
            victim.closeAndCount(row);
        }
        return row;
    }

    /** Victim stats plus daemon B's resident memory at the same moment. */
    private Sample measure(Victim victim) {
        Sample s = new Sample();
        s.victim = victim.stats(STATS_TIMEOUT);
        if (s.victim == null) {
            s.problem = victim.problem();
        }
        s.daemonRssKib = b.daemonPid().map(HostileConnectionsBenchmark::rssKib).orElse(-1L);
        try {
            JsonNode info = b.pilotctl(Duration.ofSeconds(10), "info").json();
            int established = 0;
            for (JsonNode c : info.path("conn_list")) {
                if ("ESTABLISHED".equals(c.path("state").asText())) {
                    established++;
                }
            }
            s.daemonConnections = info.has("conn_list") ? established : -1;
            s.daemonAcceptQueueDrops = info.path("accept_queue_drops").asLong(-1);
        } catch (RuntimeException e) {
            // the figures stay unknown
        }
        return s;
    }

    /** Polls the victim's live thread count every 500 ms until it is unchanged for 2 s, at most {@link #SETTLE_MAX}. */
    private static String settle(Victim victim) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + SETTLE_MAX.toNanos();
        int last = -1;
        int same = 0;
        while (System.nanoTime() < deadline) {
            Integer t = victim.threads(Duration.ofSeconds(5));
            if (t == null) {
                return "victim not answering (" + victim.problem() + ")";
            }
            same = t == last ? same + 1 : 0;
            last = t;
            if (same >= 4) {
                return String.format(Locale.ROOT, "threads settled at %d after %.1f s", t, (System.nanoTime() - start) / 1e9);
            }
            Thread.sleep(500);
        }
        return "threads still changing after " + SETTLE_MAX.toSeconds() + " s (last " + last + ")";
    }

    // ------------------------------------------------------------------ attacks

    /** Hostile connections held by the attacker, closed at the end of the scenario. */
    private final class Attack {
        final List<PilotConnection> connections = Collections.synchronizedList(new ArrayList<>());
        final AtomicReference<String> firstDialError = new AtomicReference<>();
        final List<String> notes = new ArrayList<>();
        int attempted;
        ScheduledExecutorService ticker;
        Runnable onClose;

        int openCount() {
            synchronized (connections) {
                return (int) connections.stream().filter(c -> !c.isRemoteClosed()).count();
            }
        }

        void close() throws InterruptedException {
            if (ticker != null) {
                ticker.shutdownNow();
            }
            if (onClose != null) {
                onClose.run();
            }
            List<PilotConnection> all;
            synchronized (connections) {
                all = new ArrayList<>(connections);
            }
            List<Callable<Void>> closes = new ArrayList<>();
            for (PilotConnection c : all) {
                closes.add(() -> {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // a connection the victim already closed, or a daemon in trouble
                    }
                    return null;
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                pool.invokeAll(closes, 30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Dials {@code n} connections to B:{@code port} (8 at a time) and runs {@code onOpen} on each. */
    private Attack openMany(int port, ThrowingConsumer<PilotConnection> onOpen) throws InterruptedException {
        return openMany(port, n, onOpen);
    }

    private Attack openMany(int port, int count, ThrowingConsumer<PilotConnection> onOpen) throws InterruptedException {
        Attack attack = new Attack();
        attack.attempted = count;
        PilotSocketAddress target = new PilotSocketAddress(PilotAddress.parse(b.address()), port);
        List<Callable<Void>> dials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dials.add(() -> {
                try {
                    PilotConnection c = driver.dial(target, DIAL_TIMEOUT);
                    attack.connections.add(c);
                    onOpen.accept(c);
                } catch (Exception e) {
                    attack.firstDialError.compareAndSet(null, e.toString());
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            pool.invokeAll(dials, OPEN_ALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        return attack;
    }

    /** Scenario 3: a frame announcing 1 KiB, written one byte every 5 s on every connection. */
    private Attack trickle() throws InterruptedException {
        byte[] frame = ByteBuffer.allocate(8 + 1024).putInt(SUBMIT).putInt(1024).put("{\"task_id\":\"".getBytes(StandardCharsets.US_ASCII)).array();
        Map<PilotConnection, Integer> sent = new ConcurrentHashMap<>();
        Attack attack = openMany(TASK_PORT, c -> {
            write(c, new byte[] {frame[0]});
            sent.put(c, 1);
        });
        AtomicInteger writeFailures = new AtomicInteger();
        attack.ticker = Executors.newSingleThreadScheduledExecutor();
        attack.ticker.scheduleAtFixedRate(() -> {
            for (Map.Entry<PilotConnection, Integer> e : sent.entrySet()) {
                int i = e.getValue();
                if (i >= frame.length || e.getKey().isRemoteClosed()) {
                    continue;
                }
                try {
                    write(e.getKey(), new byte[] {frame[i]});
                    e.setValue(i + 1);
                } catch (Exception ex) {
                    writeFailures.incrementAndGet();
                }
            }
        }, TRICKLE_INTERVAL.toMillis(), TRICKLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        attack.notes.add("trickle: one byte per connection every " + TRICKLE_INTERVAL.toSeconds() + " s");
        attack.onClose = () -> attack.notes.add("trickle: " + sent.values().stream().mapToInt(Integer::intValue).sum() + " bytes written in all, "
                + writeFailures.get() + " write failures");
        return attack;
    }

    /**
     * Scenario 5: each connection writes 100 valid small SUBMITs back to back, then reads SUBMIT responses (5 s read
     * timeout, 30 s per connection) until all 100 are answered, the victim closes, or the time is up.
     */
    private Attack pipeline() throws Exception {
        String from = a.address();
        String to = b.address();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger otherFrames = new AtomicInteger();
        AtomicInteger closedByVictim = new AtomicInteger();
        AtomicInteger readTimeouts = new AtomicInteger();
        AtomicInteger writeFailures = new AtomicInteger();
        AtomicInteger conIndex = new AtomicInteger();
        Map<String, Integer> refusals = new ConcurrentHashMap<>();
        Attack attack = openMany(TASK_PORT, PIPELINE_CONNECTIONS, c -> {
            int ci = conIndex.getAndIncrement();
            ByteBuffer frames = ByteBuffer.allocate(PIPELINE_DEPTH * 512);
            for (int i = 0; i < PIPELINE_DEPTH; i++) {
                Map<String, String> submit = new LinkedHashMap<>();
                submit.put("task_id", "p-" + ci + "-" + i);
                submit.put("task_description", "x");
                submit.put("from_addr", from);
                submit.put("to_addr", to);
                byte[] json = JSON.writeValueAsBytes(submit);
                frames.putInt(SUBMIT).putInt(json.length).put(json);
            }
            try {
                write(c, Arrays.copyOf(frames.array(), frames.position()));
            } catch (IOException e) {
                writeFailures.incrementAndGet();
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            InputStream in = c.getInputStream();
            int answers = 0;
            while (answers < PIPELINE_DEPTH && System.nanoTime() < deadline) {
                c.setReadTimeoutMillis(5000);
                try {
                    byte[] head = readExactly(in, 8);
                    if (head == null) {
                        closedByVictim.incrementAndGet();
                        return;
                    }
                    ByteBuffer h = ByteBuffer.wrap(head);
                    int type = h.getInt();
                    long len = h.getInt() & 0xFFFFFFFFL;
                    if (len > MIB) {
                        otherFrames.incrementAndGet();
                        return;
                    }
                    byte[] body = readExactly(in, (int) len);
                    if (body == null) {
                        closedByVictim.incrementAndGet();
                        return;
                    }
                    if (type != SUBMIT) {
                        otherFrames.incrementAndGet();
                        continue;
                    }
                    answers++;
                    JsonNode r = JSON.readTree(body);
                    if (r.path("status").asInt() == 200) {
                        accepted.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                        refusals.merge(r.path("status").asInt() + " " + r.path("message").asText(), 1, Integer::sum);
                    }
                } catch (PilotTimeoutException e) {
                    readTimeouts.incrementAndGet();
                    return;
                } catch (EOFException e) {
                    closedByVictim.incrementAndGet();
                    return;
                }
            }
        });
        int total = PIPELINE_CONNECTIONS * PIPELINE_DEPTH;
        int answered = accepted.get() + refused.get();
        attack.notes.add(String.format(Locale.ROOT,
                "pipelined %d SUBMITs: answered %d (accepted 200: %d, refused: %d), unanswered %d; connections closed by victim %d,"
                        + " ended by 5 s read timeout %d, write failures %d, non-SUBMIT frames %d",
                total, answered, accepted.get(), refused.get(), total - answered, closedByVictim.get(), readTimeouts.get(),
                writeFailures.get(), otherFrames.get()));
        if (!refusals.isEmpty()) {
            attack.notes.add("refusals: " + refusals);
        }
        return attack;
    }

    // ------------------------------------------------------------------ legitimate requests

    /**
     * The legitimate 8 MiB task. While it runs, both daemons' connection tables are watched: an 8 MiB transfer on
     * these daemons sometimes stops for good with A seeing B's receive window at 0 and nothing in flight while B's
     * own side has its window open and the victim has read everything B delivered (a lost window update; seen
     * without any hostile connection, about 1 in 15 transfers here). A failure with that signature, held for two
     * polls 2 s apart, is marked as a transport stall and the request is made once more (both are reported), so it
     * is not mistaken for the attack's effect. (A victim that stops reading leaves B's own window closed, so it does
     * not match.)
     */
    private Legit legitTask() throws InterruptedException {
        Legit first = legitTaskOnce();
        if (first.ok || !first.stall) {
            return first;
        }
        first.error += "; " + awaitStalledTransferGone();
        try {
            freshAttacker();
        } catch (Exception e) {
            first.error += "; attacker context restart failed: " + e;
        }
        Legit second = legitTaskOnce();
        second.stalledBefore = first;
        if (second.stall) {
            second.error += "; " + awaitStalledTransferGone();
        }
        return second;
    }

    /**
     * A stalled transfer lingers in the victim until it gives up on the frame: waits (at most 60 s) until daemon B
     * has no established connection on 1003 that received more than 1 MiB (only legitimate tasks are that big),
     * so what comes next is not measured beside it.
     */
    private String awaitStalledTransferGone() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean lingering = false;
            try {
                for (JsonNode c : b.pilotctl(Duration.ofSeconds(10), "info").json().path("conn_list")) {
                    lingering |= c.path("local_port").asInt() == TASK_PORT && "ESTABLISHED".equals(c.path("state").asText())
                            && c.path("bytes_recv").asLong() > MIB;
                }
            } catch (RuntimeException e) {
                lingering = true;
            }
            if (!lingering) {
                return String.format(Locale.ROOT, "the stalled transfer was gone from B after %.0f s more", (System.nanoTime() - start) / 1e9);
            }
            Thread.sleep(1000);
        }
        return "the stalled transfer was still in B after 60 s more";
    }

    private Legit legitTaskOnce() {
        String uri = "pilot:task?peer=" + b.address() + "&socketPath=" + a.socketPath() + "&dialTimeout=10s&taskTimeout=30s";
        AtomicReference<String> stall = new AtomicReference<>();
        Future<?> watch = background.submit(() -> {
            int zeroWindowPolls = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(2000);
                    String seen = null;
                    for (JsonNode c : a.pilotctl(Duration.ofSeconds(10), "info").json().path("conn_list")) {
                        if (c.path("remote_port").asInt() == TASK_PORT && "ESTABLISHED".equals(c.path("state").asText())
                                && c.path("bytes_sent").asLong() > MIB && c.path("bytes_sent").asLong() < LEGIT_TASK_BYTES
                                && c.path("peer_recv_win").asLong() == 0 && c.path("in_flight").asLong() == 0) {
                            // B's own side of the same connection: an open window there means B is not full
                            for (JsonNode bc : b.pilotctl(Duration.ofSeconds(10), "info").json().path("conn_list")) {
                                if (bc.path("local_port").asInt() == TASK_PORT && bc.path("remote_port").asInt() == c.path("local_port").asInt()
                                        && bc.path("recv_win").asLong() >= MIB) {
                                    seen = "A->B transport stall: A sent " + c.path("bytes_sent").asLong() + " bytes and sees B's window"
                                            + " at 0 with nothing in flight, while B advertises " + bc.path("recv_win").asLong();
                                }
                            }
                        }
                    }
                    zeroWindowPolls = seen != null ? zeroWindowPolls + 1 : 0;
                    if (zeroWindowPolls >= 2) {
                        stall.compareAndSet(null, seen);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // pilotctl trouble: no verdict
                }
            }
        });
        Legit r;
        try {
            r = timed(() -> template.requestBody(uri, legitDescription, String.class), HostileVictim.TASK_RESULT, LEGIT_TASK_TIMEOUT);
        } finally {
            watch.cancel(true);
        }
        if (!r.ok && stall.get() != null) {
            r.stall = true;
            r.error = r.error + "; " + stall.get();
        }
        return r;
    }

    /**
     * Three 1 MiB tasks before the first 8 MiB one: the first large transfer to a freshly started victim is the one
     * that stalls most often (a cold reader lets B's window close); a 1 MiB transfer cannot close B's 2 MiB window.
     */
    private String warmUp() {
        String uri = "pilot:task?peer=" + b.address() + "&socketPath=" + a.socketPath() + "&dialTimeout=10s&taskTimeout=30s";
        String oneMiB = "w".repeat(MIB);
        StringBuilder sb = new StringBuilder("warm-up 1 MiB tasks:");
        for (int i = 0; i < 3; i++) {
            Legit l = timed(() -> template.requestBody(uri, oneMiB, String.class), HostileVictim.TASK_RESULT, LEGIT_STREAM_TIMEOUT);
            sb.append(' ').append(l.brief());
        }
        return sb.toString();
    }

    private Legit legitStream() {
        String uri = STREAM_COMPONENT + ":stream:" + HostileVictim.STREAM_PORT + "?peer=" + b.address() + "&socketPath=" + a.socketPath()
                + "&dialTimeout=10s&requestTimeout=10s";
        return timed(() -> {
            byte[] reply = template.requestBody(uri, "ping".getBytes(StandardCharsets.UTF_8), byte[].class);
            return reply == null ? null : new String(reply, StandardCharsets.UTF_8);
        }, HostileVictim.STREAM_REPLY, LEGIT_STREAM_TIMEOUT);
    }

    private Legit timed(Callable<String> call, String expected, Duration timeout) {
        long t0 = System.nanoTime();
        Future<String> f = background.submit(call);
        Legit r = new Legit();
        try {
            String got = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            r.ok = expected.equals(got);
            if (!r.ok) {
                r.error = "unexpected reply " + abbreviate(String.valueOf(got), 40);
            }
        } catch (TimeoutException e) {
            f.cancel(false); // an interrupt could close the producer's IPC channel in the middle of a write
            r.error = "no answer within " + timeout.toSeconds() + " s";
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            while (cause.getCause() != null && cause.getMessage() != null && cause.getMessage().contains("Exception occurred during execution")) {
                cause = cause.getCause();
            }
            r.error = cause.getClass().getSimpleName() + ": " + abbreviate(String.valueOf(cause.getMessage()), 120);
        }
        r.millis = (System.nanoTime() - t0) / 1e6;
        return r;
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] header(int type, int length) {
        return ByteBuffer.allocate(8).putInt(type).putInt(length).array();
    }

    private static void write(PilotConnection c, byte[] bytes) throws IOException {
        OutputStream out = c.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Exactly {@code len} bytes, or null on end of stream before the first; EOF inside. */
    private static byte[] readExactly(InputStream in, int len) throws IOException {
        byte[] buf = new byte[len];
        int off = 0;
        while (off < len) {
            int r = in.read(buf, off, len - off);
            if (r < 0) {
                if (off == 0) {
                    return null;
                }
                throw new EOFException("ended inside a frame");
            }
            off += r;
        }
        return buf;
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the daemon is gone
        }
        return -1;
    }

    private static String abbreviate(String s, int max) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    static String victimJvmArgs() {
        return System.getProperty("hostile.victimJvmArgs", "-XX:+UseG1GC");
    }

    /** The test classpath for the victim JVM (under exec:java, java.class.path is Maven's own). */
    static String victimClasspath() {
        String explicit = System.getProperty("hostile.classpath");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        List<String> entries = new ArrayList<>();
        for (ClassLoader l = HostileConnectionsBenchmark.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        entries.add(url.getPath());
                    }
                }
            }
        }
        boolean hasUs = entries.stream().anyMatch(e -> e.endsWith("test-classes") || e.endsWith("test-classes/"));
        return hasUs ? String.join(File.pathSeparator, entries) : System.getProperty("java.class.path");
    }

    @FunctionalInterface
    private interface ThrowingConsumer<T> {
        void accept(T t) throws Exception;
    }

    // ------------------------------------------------------------------ the victim process

    record Stats(long heapBytes, int threads, int peak, long ooms) {
        static Stats parse(String line) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String part : line.split("\\s+")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    kv.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            return new Stats(Long.parseLong(kv.get("heap")), Integer.parseInt(kv.get("threads")), Integer.parseInt(kv.get("peak")),
                    Long.parseLong(kv.getOrDefault("oom", "-1")));
        }
    }

    /** One victim JVM: commands on its stdin, {@code HV|} answers on its stdout; everything else goes to its log file. */
    static final class Victim implements AutoCloseable {
        private final Process process;
        private final PrintWriter stdin;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final Path logFile;
        private final AtomicInteger seq = new AtomicInteger();
        private final AtomicInteger warnLines = new AtomicInteger();
        private final AtomicInteger errorLines = new AtomicInteger();
        private final AtomicInteger oomLines = new AtomicInteger();
        private final Thread pump;
        private volatile String problem = "";

        private Victim(Process process, Path logFile) throws IOException {
            this.process = process;
            this.logFile = logFile;
            this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true);
            this.pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith(HostileVictim.PREFIX)) {
                            answers.add(line.substring(HostileVictim.PREFIX.length()));
                        } else {
                            log.println(line);
                            if (line.contains(" WARN ")) {
                                warnLines.incrementAndGet();
                            }
                            if (line.contains(" ERROR ")) {
                                errorLines.incrementAndGet();
                            }
                            if (line.contains("OutOfMemoryError")) {
                                oomLines.incrementAndGet();
                            }
                        }
                    }
                } catch (IOException e) {
                    // victim gone
                } finally {
                    log.close();
                }
            }, "hostile-victim-pump");
            pump.setDaemon(true);
            pump.start();
        }

        static Victim start(String classpath, String socketPath, Path logFile) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx1g");
            for (String arg : victimJvmArgs().trim().split("\\s+")) {
                if (!arg.isEmpty()) {
                    cmd.add(arg);
                }
            }
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(HostileVictim.class.getName());
            cmd.add(socketPath);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            return new Victim(p, logFile);
        }

        boolean awaitReady(Duration timeout) throws InterruptedException {
            String line = await(s -> s.startsWith("READY") || s.startsWith("FAILED"), timeout);
            if (line == null) {
                return false;
            }
            if (line.startsWith("FAILED")) {
                problem = line;
                return false;
            }
            return true;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        String problem() {
            if (!process.isAlive()) {
                return "victim exited with code " + process.exitValue() + (problem.isEmpty() ? "" : " (" + problem + ")");
            }
            return problem;
        }

        Stats stats(Duration timeout) {
            String s = Integer.toString(seq.incrementAndGet());
            String line = ask("stats " + s, l -> l.startsWith("STATS " + s + " ") || l.startsWith("ERROR " + s + " "), timeout);
            if (line == null) {
                return null;
            }
            if (line.startsWith("ERROR")) {
                problem = "stats failed in the victim: " + line;
                return null;
            }
            return Stats.parse(line);
        }

        Integer threads(Duration timeout) {
            String s = Integer.toString(seq.incrementAndGet());
            String line = ask("threads " + s, l -> l.startsWith("THREADS " + s + " ") || l.startsWith("ERROR " + s + " "), timeout);
            if (line == null || line.startsWith("ERROR")) {
                return null;
            }
            return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
        }

        void resetPeak() {
            String s = Integer.toString(seq.incrementAndGet());
            ask("resetpeak " + s, l -> l.startsWith("OK " + s) || l.startsWith("ERROR " + s + " "), Duration.ofSeconds(10));
        }

        private String ask(String command, Predicate<String> matches, Duration timeout) {
            if (!process.isAlive()) {
                return null;
            }
            stdin.println(command);
            if (stdin.checkError()) {
                problem = "victim's stdin closed";
                return null;
            }
            try {
                return await(matches, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** The first answer that matches (others, such as late answers to earlier commands, are dropped). */
        private String await(Predicate<String> matches, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    problem = process.isAlive() ? "victim gave no answer within " + timeout.toSeconds() + " s" : "";
                    return null;
                }
                String line = answers.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (line != null) {
                    if (matches.test(line)) {
                        return line;
                    }
                } else if (!process.isAlive() && answers.isEmpty()) {
                    pump.join(2000);
                    if (answers.isEmpty()) {
                        problem = "";
                        return null;
                    }
                }
            }
        }

        /** Stops the victim and adds what its log says to the row. */
        void closeAndCount(Row row) {
            close();
            row.notes.add(String.format(Locale.ROOT, "victim log: %d WARN, %d ERROR, %d OutOfMemoryError lines (%s)", warnLines.get(),
                    errorLines.get(), oomLines.get(), logFile));
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                stdin.println("quit");
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
            try {
                pump.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ results

    static final class Sample {
        Stats victim;
        String problem;
        long daemonRssKib = -1;
        int daemonConnections = -1;
        long daemonAcceptQueueDrops = -1;
    }

    static final class Legit {
        boolean ok;
        boolean stall;
        double millis;
        String error;
        /** A first try that failed with a transport stall, when this is the second. */
        Legit stalledBefore;

        String brief() {
            String s = ok ? String.format(Locale.ROOT, "ok %.0f ms", millis)
                    : String.format(Locale.ROOT, "FAIL%s %.0f ms", stall ? "(stall)" : "", millis);
            return stalledBefore == null ? s : s + " (2nd try)";
        }

        String full() {
            String s = ok ? brief() : brief() + " (" + error + ")";
            return stalledBefore == null ? s : s + "; 1st try " + stalledBefore.full();
        }
    }

    static final class Row {
        final int id;
        final String title;
        Sample base;
        Sample held;
        Sample after;
        Legit legitTaskBase;
        Legit legitStreamBase;
        Legit legitTaskHeld;
        Legit legitStreamHeld;
        int attempted;
        int opened;
        int openAtHeld = -1;
        int openAfterLegit = -1;
        int openAtLinger = -1;
        double heldAfterSeconds;
        String victimState = "?";
        final List<String> notes = new ArrayList<>();

        Row(int id, String title) {
            this.id = id;
            this.title = title;
        }

        static String heap(Sample s) {
            return s == null || s.victim == null ? "-" : String.format(Locale.ROOT, "%.0f", s.victim.heapBytes() / (double) MIB);
        }

        static String threads(Sample s) {
            return s == null || s.victim == null ? "-" : Integer.toString(s.victim.threads());
        }

        static String daemon(Sample s, boolean connections) {
            long v = s == null ? -1 : connections ? s.daemonConnections : s.daemonAcceptQueueDrops;
            return v < 0 ? "-" : Long.toString(v);
        }

        static String rss(Sample s) {
            return s == null || s.daemonRssKib < 0 ? "-" : Long.toString(s.daemonRssKib / 1024);
        }

        String peak() {
            int p = -1;
            for (Sample s : new Sample[] {held, after}) {
                if (s != null && s.victim != null) {
                    p = Math.max(p, s.victim.peak());
                }
            }
            return p < 0 ? "-" : Integer.toString(p);
        }

        String ooms() {
            long o = -1;
            for (Sample s : new Sample[] {base, held, after}) {
                if (s != null && s.victim != null) {
                    o = Math.max(o, s.victim.ooms());
                }
            }
            return o < 0 ? "-" : Long.toString(o);
        }

        static String legit(Legit l) {
            return l == null ? "-" : l.brief();
        }

        String detail() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "scenario %d: %s%n", id, title));
            sb.append(String.format(Locale.ROOT, "  victim heap after GC MiB  base %s / held %s / after close %s%n", heap(base), heap(held), heap(after)));
            sb.append(String.format(Locale.ROOT, "  victim threads            base %s / held %s / after close %s, peak %s%n", threads(base),
                    threads(held), threads(after), peak()));
            sb.append(String.format(Locale.ROOT, "  victim heap OOMs (JVM count) %s, victim at end: %s%n", ooms(), victimState));
            sb.append(String.format(Locale.ROOT, "  daemon B RSS MiB          base %s / held %s / after close %s%n", rss(base), rss(held), rss(after)));
            sb.append(String.format(Locale.ROOT, "  daemon B established conns base %s / held %s / after close %s; accept queue drops %s / %s / %s%n",
                    daemon(base, true), daemon(held, true), daemon(after, true), daemon(base, false), daemon(held, false), daemon(after, false)));
            sb.append(String.format(Locale.ROOT, "  hostile connections: opened %d of %d; still open when measured (%.0f s after opening) %s,"
                    + " after the legitimate requests %s%n", opened, attempted, heldAfterSeconds, count(openAtHeld), count(openAfterLegit)));
            sb.append(String.format(Locale.ROOT, "  legitimate task 8 MiB     base %s | held %s%n", full(legitTaskBase), full(legitTaskHeld)));
            sb.append(String.format(Locale.ROOT, "  legitimate stream ping    base %s | held %s%n", full(legitStreamBase), full(legitStreamHeld)));
            for (Sample s : new Sample[] {base, held, after}) {
                if (s != null && s.victim == null) {
                    sb.append("  stats missing: ").append(s.problem).append('\n');
                }
            }
            for (String note : notes) {
                sb.append("  ").append(note).append('\n');
            }
            return sb.toString();
        }

        private static String count(int c) {
            return c < 0 ? "-" : Integer.toString(c);
        }

        private static String full(Legit l) {
            return l == null ? "-" : l.full();
        }
    }

    private static void printTables(List<Row> rows) {
        String f1 = "%-3s %-70s %18s %22s %5s %16s%n";
        System.out.printf(Locale.ROOT, f1, "#", "scenario", "heap MiB (GC'd)", "threads", "OOMs", "daemon B RSS MiB");
        System.out.printf(Locale.ROOT, f1, "", "", "base/held/after", "base/held/after peak", "", "base/held/after");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, f1, r.id, r.title, Row.heap(r.base) + "/" + Row.heap(r.held) + "/" + Row.heap(r.after),
                    Row.threads(r.base) + "/" + Row.threads(r.held) + "/" + Row.threads(r.after) + " " + r.peak(), r.ooms(),
                    Row.rss(r.base) + "/" + Row.rss(r.held) + "/" + Row.rss(r.after));
        }
        System.out.println();
        String f2 = "%-3s %-20s %-8s %-30s %-30s %-20s %-20s%n";
        System.out.printf(Locale.ROOT, f2, "#", "hostile still open", "B conns", "legit task 8 MiB", "legit task 8 MiB", "legit stream ping",
                "legit stream ping");
        System.out.printf(Locale.ROOT, f2, "", "held/legit/linger", "held", "baseline", "while held", "baseline", "while held");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, f2, r.id, Row.count(r.openAtHeld) + "/" + Row.count(r.openAfterLegit) + "/" + Row.count(r.openAtLinger)
                    + " of " + r.opened,
                    Row.daemon(r.held, true),
                    Row.legit(r.legitTaskBase), Row.legit(r.legitTaskHeld), Row.legit(r.legitStreamBase), Row.legit(r.legitStreamHeld));
        }
        System.out.println();
        System.out.println("heap: victim's used heap after two System.gc() (-Xmx1g); threads: live threads, peak while attacked;"
                + " OOMs: the victim JVM's count of Java heap OutOfMemoryErrors (thread pools swallow them);");
        System.out.println("hostile still open: connections the victim had not closed when measured / after the legitimate requests"
                + " / at the linger time (scenarios 1, 2, 4);"
                + " B conns: established connections in daemon B;");
        System.out.println("FAIL(stall): A->B transport stall (lost window update between the daemons, not the victim; see legitTask);"
                + " (2nd try): the first try stalled so, and the request was made once more.");
        System.out.println();
        for (Row r : rows) {
            for (String note : r.notes) {
                if (!note.startsWith("victim log") && !note.startsWith("opened in") && !note.startsWith("held:") && !note.startsWith("after close")
                        && !note.startsWith("warm-up")) {
                    System.out.println(r.id + ": " + note);
                }
            }
            for (Legit l : new Legit[] {r.legitTaskBase, r.legitTaskHeld, r.legitStreamBase, r.legitStreamHeld}) {
                if (l != null && (!l.ok || l.stalledBefore != null)) {
                    String what = (l == r.legitTaskBase || l == r.legitTaskHeld ? "task" : "stream")
                            + (l == r.legitTaskBase || l == r.legitStreamBase ? " baseline" : " while held");
                    System.out.println(r.id + ": " + what + ": " + l.full());
                }
            }
            if (!"alive".equals(r.victimState)) {
                System.out.println(r.id + ": victim at end: " + r.victimState);
            }
        }
    }

}
