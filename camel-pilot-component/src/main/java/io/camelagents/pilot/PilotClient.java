package io.camelagents.pilot;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotDriverOptions;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.task.PilotTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component's link to one local daemon (one socket path), shared by every endpoint that uses it. Holds the
 * current {@link PilotDriver} and replaces it when the daemon went away; endpoints re-bind and resubscribe
 * themselves (nothing survives a daemon restart).
 */
public final class PilotClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PilotClient.class);

    private final PilotDriverOptions options;
    private final Object lock = new Object();
    private volatile PilotDriver driver;
    private volatile String lastError;
    private volatile boolean closed;
    private PilotTaskService taskService;

    PilotClient(String socketPath, Duration requestTimeout, Duration dialTimeout, ThreadFactory threads) {
        this.options = PilotDriverOptions.builder()
                .socketPath(socketPath)
                .requestTimeout(requestTimeout)
                .dialTimeout(dialTimeout)
                .threadFactory(threads)
                .build();
    }

    /** The connected driver, connecting (one attempt) if there is none or the last one lost its daemon. */
    public PilotDriver driver() throws PilotException {
        PilotDriver d = driver;
        if (d != null && d.isConnected()) {
            return d;
        }
        synchronized (lock) {
            if (closed) {
                throw new PilotException("the pilot component is stopped");
            }
            d = driver;
            if (d != null && d.isConnected()) {
                return d;
            }
            if (d != null) {
                d.close();
            }
            try {
                driver = PilotDriver.connect(options);
                lastError = null;
                LOG.info("connected to pilot daemon at {} (node {}, {})", driver.socketPath(), driver.nodeInfo().address(),
                        driver.generation());
                return driver;
            } catch (PilotException e) {
                lastError = e.getMessage();
                throw e;
            }
        }
    }

    /** The connected driver, or null; never connects (for status reports). */
    PilotDriver connectedDriver() {
        PilotDriver d = driver;
        return d != null && d.isConnected() ? d : null;
    }

    public boolean isConnected() {
        PilotDriver d = driver;
        return d != null && d.isConnected();
    }

    public String lastError() {
        return lastError;
    }

    void recordError(String error) {
        this.lastError = error;
    }

    /** Where the daemon's socket is looked for (for health details and logs). */
    public String describeSocket() {
        PilotDriver d = driver;
        return d != null ? d.socketPath().toString()
                : io.camelagents.pilot.driver.PilotSocketLocator.locate(options.socketPath()).toString();
    }

    /** The node's task service (port 1003), created on first use. */
    PilotTaskService taskService(PilotComponent component) {
        synchronized (lock) {
            if (taskService == null) {
                taskService = new PilotTaskService(this, component);
            }
            return taskService;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (taskService != null) {
                taskService.close();
            }
            if (driver != null) {
                driver.close();
            }
        }
    }
}
