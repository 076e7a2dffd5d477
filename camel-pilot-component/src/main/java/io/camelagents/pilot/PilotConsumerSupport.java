package io.camelagents.pilot;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelagents.pilot.driver.PilotDriver;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.StartupListener;
import org.apache.camel.support.DefaultConsumer;

/**
 * Base of the {@code pilot:} consumers: starts serving only once the CamelContext has started, keeps serving
 * across daemon restarts through {@link PilotReconnectLoop}, supports suspend/resume, reports readiness, and
 * stops gracefully within {@code shutdownTimeout}.
 */
abstract class PilotConsumerSupport extends DefaultConsumer implements Suspendable {
    private PilotReconnectLoop loop;

    PilotConsumerSupport(PilotEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public PilotEndpoint getEndpoint() {
        return (PilotEndpoint) super.getEndpoint();
    }

    PilotConfiguration config() {
        return getEndpoint().getConfiguration();
    }

    /** Binds / subscribes and serves until the daemon connection or the resource is lost; call {@link #serving()} once ready. */
    abstract void serve(PilotDriver driver) throws Exception;

    /** Closes whatever {@link #serve} blocks on, so it returns promptly (stop or suspend). */
    abstract void interruptServe();

    /** Short description for thread names and logs, e.g. events[research.*]. */
    abstract String describe();

    void serving() {
        loop.serving();
    }

    /** Consumer-specific counters for the readiness check's details (peer connections, skipped frames, ...). */
    void addHealthDetails(Map<String, Object> details) {
    }

    /**
     * Runs the route for one exchange on the calling thread (keeping the order things arrived in and pushing back
     * on the sender while the route is busy). Failures go to the consumer's exception handler. Returns true when
     * the exchange completed without an exception; the caller releases the exchange.
     */
    boolean processSynchronously(Exchange exchange, String what) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing " + what, exchange, exchange.getException());
            return false;
        }
        return true;
    }

    boolean isServingAllowed() {
        return loop != null && loop.isRunning() && isRunAllowed() && !isSuspendingOrSuspended();
    }

    long sessions() {
        return loop == null ? 0 : loop.sessions();
    }

    String lastError() {
        return loop == null ? null : loop.lastError();
    }

    PilotReconnectLoop.State state() {
        return loop == null ? PilotReconnectLoop.State.STOPPED : loop.state();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        PilotEndpoint endpoint = getEndpoint();
        loop = new PilotReconnectLoop("PilotConsumer[" + describe() + "]", endpoint.client(), config(),
                endpoint.getCamelContext(), this, this::serve);
        loop.onReconnected(() -> endpoint.getComponent().metrics().reconnected(endpoint.getKind().name()));
        if (endpoint.getComponent().isHealthCheckConsumerEnabled()) {
            ConsumerCheck check = new ConsumerCheck();
            check.setEnabled(true);
            setHealthCheck(check);
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = getEndpoint().getCamelContext();
        if (context.isStarted()) {
            loop.start();
        } else {
            // Like camel-kafka: receive nothing before every route is up.
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                    if (isRunAllowed() && !isSuspendingOrSuspended()) {
                        loop.start();
                    }
                }
            });
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (loop != null) { // null when the consumer was never initialised (e.g. a route with autoStartup=false)
            loop.stop(config().getShutdownTimeout(), this::interruptServe);
        }
        super.doStop();
    }

    @Override
    protected void doSuspend() throws Exception {
        if (loop != null) {
            loop.stop(config().getShutdownTimeout(), this::interruptServe);
            loop.suspended();
        }
    }

    @Override
    protected void doResume() throws Exception {
        loop.start();
    }

    /** Readiness: up while subscribed / bound, down while (re)connecting, with the last error as detail. */
    private final class ConsumerCheck extends AbstractHealthCheck {
        ConsumerCheck() {
            super("camel", "pilot-consumer-" + describe());
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            PilotReconnectLoop.State s = state();
            builder.detail("pilot.kind", getEndpoint().getKind().name());
            builder.detail("pilot.socket", getEndpoint().client().describeSocket());
            builder.detail("pilot.state", s.name());
            builder.detail("pilot.sessions", loop.sessions());
            Map<String, Object> details = new LinkedHashMap<>();
            addHealthDetails(details);
            details.forEach(builder::detail);
            String error = loop.lastError();
            if (error != null) {
                builder.detail("pilot.lastError", error);
            }
            if (s == PilotReconnectLoop.State.SERVING || s == PilotReconnectLoop.State.SUSPENDED) {
                builder.up();
            } else {
                builder.message("pilot consumer " + describe() + " is " + s + (error != null ? ": " + error : ""));
                builder.down();
            }
        }
    }
}
