package io.camelagents.pilot;

import java.util.Map;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.DefaultProducer;

/** Base of the {@code pilot:} producers: the shared client, peer resolution and a readiness check. */
abstract class PilotProducerSupport extends DefaultProducer {
    private WritableHealthCheckRepository healthRepository;
    private AbstractHealthCheck healthCheck;

    PilotProducerSupport(PilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public PilotEndpoint getEndpoint() {
        return (PilotEndpoint) super.getEndpoint();
    }

    PilotConfiguration config() {
        return getEndpoint().getConfiguration();
    }

    PilotClient client() {
        return getEndpoint().client();
    }

    /** The peer from the CamelPilotPeer header or the endpoint's peer option, resolved to an address. */
    PilotAddress peer(Exchange exchange, PilotDriver driver) throws PilotException {
        String peer = exchange.getIn().getHeader(PilotConstants.PEER, String.class);
        if (peer == null || peer.isBlank()) {
            peer = config().getPeer();
        }
        if (peer == null || peer.isBlank()) {
            throw new IllegalArgumentException("no peer: set the peer option of " + getEndpoint().getEndpointUri()
                    + " or the " + PilotConstants.PEER + " header (an address or hostname)");
        }
        return driver.resolve(peer.trim());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        healthRepository = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthRepository != null) {
            healthCheck = new ProducerCheck();
            healthCheck.setEnabled(getEndpoint().getComponent().isHealthCheckProducerEnabled());
            healthRepository.addHealthCheck(healthCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthRepository != null && healthCheck != null) {
            healthRepository.removeHealthCheck(healthCheck);
        }
        super.doStop();
    }

    /** Readiness: the daemon answers on the IPC socket. */
    private final class ProducerCheck extends AbstractHealthCheck {
        ProducerCheck() {
            super("camel", "pilot-producer-" + getEndpoint().getKind() + "-" + Integer.toHexString(System.identityHashCode(PilotProducerSupport.this)));
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.detail("pilot.socket", client().describeSocket());
            try {
                client().driver();
                builder.up();
            } catch (PilotException e) {
                builder.detail("pilot.lastError", e.getMessage());
                builder.message(e.getMessage());
                builder.down();
            }
        }
    }
}
