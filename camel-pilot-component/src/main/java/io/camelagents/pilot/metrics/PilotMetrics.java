package io.camelagents.pilot.metrics;

/**
 * What the pilot component measures. Free of Micrometer types so the component runs without Micrometer on the
 * classpath; {@link #NONE} records nothing.
 */
public interface PilotMetrics {

    /** An event a pilot:events consumer received on {@code topic}. */
    void eventReceived(String topic);

    /** An event a pilot:events producer published on {@code topic}. */
    void eventPublished(String topic);

    /** Time a publish waited for the pacer ({@code publishRate}) before it was sent. */
    void publishWaited(String topic, long nanos);

    /** An event a bounded buffer named {@code buffer} turned away because it was full. */
    void overflowed(String buffer);

    /** A consumer or producer of endpoint kind {@code kind} (events, task, data, ...) reconnected to its daemon. */
    void reconnected(String kind);

    /**
     * A pilot:task submission ended: {@code outcome} is one of {@code succeeded}, {@code failed}, {@code timeout},
     * {@code rejected}, {@code error}; {@code nanos} is the round trip from submit to the final status.
     */
    void taskCompleted(String outcome, long nanos);

    PilotMetrics NONE = new PilotMetrics() {
        @Override
        public void eventReceived(String topic) {
        }

        @Override
        public void eventPublished(String topic) {
        }

        @Override
        public void publishWaited(String topic, long nanos) {
        }

        @Override
        public void overflowed(String buffer) {
        }

        @Override
        public void reconnected(String kind) {
        }

        @Override
        public void taskCompleted(String outcome, long nanos) {
        }
    };
}
