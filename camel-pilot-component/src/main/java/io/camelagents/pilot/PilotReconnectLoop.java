package io.camelagents.pilot;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.driver.PilotDriver;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a serving task against the daemon until stopped: get a connected driver, {@link Session#serve} (bind,
 * subscribe, accept...) until it fails, then wait with exponential backoff and start over. This is how every
 * consumer survives daemon restarts without restarting its route.
 */
public final class PilotReconnectLoop {
    private static final Logger LOG = LoggerFactory.getLogger(PilotReconnectLoop.class);

    /** One serving session; returns or throws when the daemon connection (or its resource) is lost. */
    public interface Session {
        void serve(PilotDriver driver) throws Exception;
    }

    /** Serving states, for health checks. */
    public enum State { STARTING, SERVING, RECONNECTING, SUSPENDED, STOPPED }

    private final String name;
    private final PilotClient client;
    private final Session session;
    private final long initialDelay;
    private final long maxDelay;
    private final CamelContext context;
    private final Object source;
    private ExecutorService executor;
    private volatile boolean running;
    private volatile State state = State.STOPPED;
    private volatile String lastError;
    private volatile long sessions;
    /** Served at least once since start(): serving again is a reconnect. */
    private volatile boolean servedSinceStart;
    private volatile Runnable onReconnected = () -> { };
    private Thread thread;

    public PilotReconnectLoop(String name, PilotClient client, PilotConfiguration config, CamelContext context, Object source,
            Session session) {
        this.name = name;
        this.client = client;
        this.session = session;
        this.initialDelay = Math.max(10, config.getReconnectInitialDelay());
        this.maxDelay = Math.max(initialDelay, config.getReconnectMaxDelay());
        this.context = context;
        this.source = source;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        servedSinceStart = false; // a resume is not a reconnect
        state = State.STARTING;
        executor = context.getExecutorServiceManager().newSingleThreadExecutor(source, name);
        executor.submit(this::run);
    }

    /** Marks the loop as stopping; the caller closes whatever {@link Session#serve} blocks on. */
    public synchronized void stop(long timeoutMillis, Runnable interruptServe) {
        running = false;
        state = State.STOPPED;
        interruptServe.run();
        if (executor != null) {
            Thread t = thread;
            if (t != null) {
                t.interrupt(); // wakes a backoff sleep
            }
            context.getExecutorServiceManager().shutdownGraceful(executor, timeoutMillis);
            executor = null;
        }
    }

    /** Runs each time the loop serves again after losing its session (the reconnect meter). */
    public void onReconnected(Runnable listener) {
        this.onReconnected = listener;
    }

    void suspended() {
        state = State.SUSPENDED;
    }

    public boolean isRunning() {
        return running;
    }

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError != null ? lastError : client.lastError();
    }

    /** Number of sessions started (1 + reconnects). */
    long sessions() {
        return sessions;
    }

    /** Called by the session once it is bound/subscribed. */
    public void serving() {
        if (state != State.SERVING) {
            if (servedSinceStart) {
                onReconnected.run();
            }
            servedSinceStart = true;
        }
        state = State.SERVING;
        lastError = null;
    }

    private void run() {
        thread = Thread.currentThread();
        long delay = initialDelay;
        while (running) {
            try {
                PilotDriver driver = client.driver();
                sessions++;
                session.serve(driver);
                delay = initialDelay; // ended cleanly (e.g. the daemon restarted after a good session)
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
                Thread.interrupted();
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                lastError = e.getMessage();
                client.recordError(e.getMessage());
                LOG.warn("{}: {}; retrying in {} ms", name, e.getMessage(), delay);
            }
            if (!running) {
                break;
            }
            state = State.RECONNECTING;
            try {
                TimeUnit.MILLISECONDS.sleep(delay);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
            delay = Math.min(delay * 2, maxDelay);
        }
        thread = null;
    }
}
