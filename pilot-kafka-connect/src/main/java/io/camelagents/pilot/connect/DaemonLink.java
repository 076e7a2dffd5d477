package io.camelagents.pilot.connect;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotDisconnectedException;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotDriverOptions;
import io.camelagents.pilot.driver.PilotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's connection to its local daemon, shared by everything the task runs. The daemon forgets every
 * connection when it restarts and the driver cannot outlive that, so {@link #driver()} hands out the current
 * driver while it is connected and opens a new one (one attempt) when it is not; callers pace their retries.
 */
final class DaemonLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonLink.class);

    private final PilotDriverOptions options;
    private final String owner;
    private final Object lock = new Object();
    private volatile PilotDriver driver;
    private volatile boolean closed;
    private long connects;

    DaemonLink(PilotDriverOptions options, String owner) {
        this.options = options;
        this.owner = owner;
    }

    /** The connected driver, reconnecting once if the previous one is gone. */
    PilotDriver driver() throws PilotException {
        PilotDriver d = driver;
        if (d != null && d.isConnected()) {
            return d;
        }
        synchronized (lock) {
            d = driver;
            if (d != null && d.isConnected()) {
                return d;
            }
            if (closed) {
                throw new PilotDisconnectedException(owner + " is stopping");
            }
            if (d != null) {
                d.close();
            }
            driver = null;
            d = PilotDriver.connect(options);
            if (closed) { // close() ran while we were connecting: it could not see this driver
                d.close();
                throw new PilotDisconnectedException(owner + " is stopping");
            }
            driver = d;
            connects++;
            LOG.info("{}: connected to the Pilot daemon at {} (node {}{})", owner, d.socketPath(), d.nodeInfo().address(),
                    connects > 1 ? ", reconnect " + (connects - 1) : "");
            return d;
        }
    }

    /** {@code broker} as configured ("" = the daemon's own node), resolved through {@code d}. */
    static PilotAddress brokerAddress(PilotDriver d, String broker) throws PilotException {
        return broker.isEmpty() ? d.nodeInfo().address() : d.resolve(broker);
    }

    /** Closes the driver, which fails every read and dial in progress; later {@link #driver()} calls fail. */
    @Override
    public void close() {
        closed = true;
        PilotDriver d = driver;
        if (d != null) {
            d.close();
        }
    }
}
