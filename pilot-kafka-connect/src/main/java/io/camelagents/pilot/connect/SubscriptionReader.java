package io.camelagents.pilot.connect;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.camelagents.pilot.driver.LogThrottle;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.EventFrame;
import io.camelagents.pilot.protocol.InvalidEventException;
import io.camelagents.pilot.protocol.TopicPattern;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link SourceUnit}'s subscription alive on its own thread: dial the broker's event port through the
 * daemon, send the subscription frame, read events into the task's queue; when the daemon or broker goes away,
 * wait (backoff) and do it again. After {@code pilot.reconnect.timeout.ms} without a subscription it reports the
 * failure to the task and ends.
 * <p>
 * The broker is not trusted: frames are read with the payload limit (an announced length is never allocated),
 * events whose topic no pattern of the unit matches are dropped, and well-framed but invalid events (control
 * characters, not UTF-8, over the limit) are skipped and counted with a throttled log line. A broken frame ends
 * the subscription, and the reader subscribes again.
 */
final class SubscriptionReader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionReader.class);
    private static final Duration SKIP_LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(30);

    private final SourceUnit unit;
    private final List<TopicPattern> patterns;
    private final DaemonLink link;
    private final EventQueue queue;
    private final PilotSourceConfig config;
    private final ScheduledExecutorService probes;
    private final Consumer<ConnectException> onGiveUp;
    private final String name;
    private final Backoff backoff;
    private final LogThrottle skipLog = new LogThrottle(SKIP_LOG_INTERVAL);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running = true;
    private volatile PilotConnection current;
    private Thread thread;

    SubscriptionReader(SourceUnit unit, DaemonLink link, EventQueue queue, PilotSourceConfig config,
            ScheduledExecutorService probes, Consumer<ConnectException> onGiveUp, String name) {
        this.unit = unit;
        this.patterns = unit.parsedPatterns();
        this.link = link;
        this.queue = queue;
        this.config = config;
        this.probes = probes;
        this.onGiveUp = onGiveUp;
        this.name = name;
        this.backoff = config.newBackoff();
    }

    void start() {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            String error = serveOnce();
            if (!running) {
                break;
            }
            if (backoff.exhausted()) {
                String why = "gave up on " + unit + " after " + backoff.failingForMillis() + " ms without a subscription ("
                        + PilotConnectConfig.RECONNECT_TIMEOUT_MS + "); last error: " + error;
                LOG.error("{}: {}", name, why);
                onGiveUp.accept(new ConnectException(why));
                return;
            }
            long delay = backoff.failed();
            LOG.warn("{}: {} ({}); subscribing again in {} ms", name, unit, error, delay);
            try {
                if (stopped.await(delay, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** One subscription from dial to its end; returns why it ended. */
    private String serveOnce() {
        PilotConnection conn = null;
        BrokerProbe probe = null;
        try {
            PilotDriver driver = link.driver();
            PilotAddress broker = DaemonLink.brokerAddress(driver, unit.broker());
            conn = driver.dial(new PilotSocketAddress(broker, EventFrame.EVENT_STREAM_PORT), DIAL_TIMEOUT);
            current = conn;
            if (!running) {
                return "stopping";
            }
            // the first frame on an event-stream connection is the subscription; its payload is ignored
            new EventFrame(unit.subscription(), new byte[0]).writeTo(conn.getOutputStream());
            if (!config.brokerCheckInterval().isZero() && !broker.equals(driver.nodeInfo().address())) {
                probe = startProbe(driver, broker, conn);
            }
            subscriptions.incrementAndGet();
            backoff.succeeded();
            LOG.info("{}: subscribed to {} at {}", name, unit, broker);
            return read(conn, broker.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            current = null;
            if (probe != null) {
                probe.close();
            }
            if (conn != null) {
                conn.closeInBackground();
            }
        }
    }

    /** A broker whose echo port refuses us (e.g. a private node) is still subscribed to, only unprobed. */
    private BrokerProbe startProbe(PilotDriver driver, PilotAddress broker, PilotConnection conn) {
        try {
            return new BrokerProbe(driver, broker, conn, config.brokerCheckInterval(), DIAL_TIMEOUT, probes);
        } catch (PilotException e) {
            LOG.warn("{}: cannot probe broker {} on its echo port ({}); a restart of that broker will go unnoticed until"
                    + " the subscription fails", name, broker, e.getMessage());
            return null;
        }
    }

    private String read(PilotConnection conn, String broker) throws IOException, InterruptedException {
        InputStream in = conn.getInputStream();
        int max = config.maxEventBytes();
        while (running) {
            EventFrame event;
            try {
                event = EventFrame.readFrom(in, max);
            } catch (InvalidEventException e) {
                skipped(broker, e);
                continue;
            }
            if (event == null) {
                return "the subscription was closed";
            }
            if (!matches(event.topic())) {
                continue; // a broker that sends what we did not subscribe to: not ours to forward
            }
            if (!queue.put(new ReceivedEvent(unit, broker, event.topic(), event.payload(), System.currentTimeMillis()))) {
                return "stopping";
            }
        }
        return "stopping";
    }

    private boolean matches(String topic) {
        for (TopicPattern p : patterns) {
            if (p.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    private void skipped(String broker, InvalidEventException e) {
        long total = skipped.incrementAndGet();
        long unlogged = skipLog.admit();
        if (unlogged >= 0) {
            LOG.warn("{}: skipped an invalid event from broker {}: {}{}; {} skipped in total (at most one line per {} s)",
                    name, broker, e.getMessage(), LogThrottle.more(unlogged), total, SKIP_LOG_INTERVAL.toSeconds());
        }
    }

    /** Ends the loop and closes the subscription, which wakes a blocked read. */
    void stop() {
        running = false;
        stopped.countDown();
        PilotConnection c = current;
        if (c != null) {
            c.closeInBackground();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    void join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
        }
    }

    boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    long subscriptions() {
        return subscriptions.get();
    }

    long skipped() {
        return skipped.get();
    }

    SourceUnit unit() {
        return unit;
    }
}
