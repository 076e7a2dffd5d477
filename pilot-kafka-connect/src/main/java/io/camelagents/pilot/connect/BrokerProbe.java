package io.camelagents.pilot.connect;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness of a remote broker. A broker node that restarted has forgotten our subscription, while our own daemon
 * keeps the connection open until it times out: the subscription would wait in silence. The probe writes a few
 * bytes to the node's echo port (7) every interval; when three intervals pass without an answer it closes the
 * subscription, and the reader subscribes again.
 */
final class BrokerProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);
    static final int ECHO_PORT = 7;
    private static final byte[] PING = {'p', 'i', 'n', 'g'};

    private final PilotAddress broker;
    private final PilotConnection subscription;
    private final PilotConnection echo;
    private final long intervalMillis;
    private final ScheduledFuture<?> task;
    private volatile long lastAnswer = System.nanoTime();
    private final byte[] scratch = new byte[4096];

    BrokerProbe(PilotDriver driver, PilotAddress broker, PilotConnection subscription, Duration interval, Duration dialTimeout,
            ScheduledExecutorService scheduler) throws PilotException {
        this.broker = broker;
        this.subscription = subscription;
        this.intervalMillis = interval.toMillis();
        this.echo = driver.dial(new PilotSocketAddress(broker, ECHO_PORT), dialTimeout);
        this.task = scheduler.scheduleWithFixedDelay(this::probe, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void probe() {
        try {
            // the echo answers are only counted, never kept: read whatever arrived without waiting
            boolean answered = false;
            int n;
            while ((n = echo.readAvailable(scratch, 0, scratch.length)) > 0) {
                answered = true;
            }
            if (answered) {
                lastAnswer = System.nanoTime();
            }
            if (n < 0 || TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAnswer) > 3 * intervalMillis) {
                LOG.warn("broker {} stopped answering liveness probes; subscribing again", broker);
                closeSubscription();
                return;
            }
            echo.getOutputStream().write(PING);
        } catch (Exception e) {
            LOG.warn("liveness probe to broker {} failed ({}); subscribing again", broker, e.getMessage());
            closeSubscription();
        }
    }

    private void closeSubscription() {
        task.cancel(false);
        subscription.closeInBackground(); // wakes the reader, which subscribes again
    }

    @Override
    public void close() {
        task.cancel(false);
        echo.closeInBackground();
    }
}
