package io.camelagents.pilot.metrics;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PilotMetrics} recorded as Micrometer meters. The only pilot class that names Micrometer types; loaded only
 * when micrometer-core is on the classpath ({@link MetricsBinding}). Meters are cached per tag value; topic tags
 * are capped at {@link #MAX_TOPIC_TAGS} distinct values (peers choose topics), later topics count under
 * {@code other}.
 */
public final class MicrometerPilotMetrics implements PilotMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(MicrometerPilotMetrics.class);

    public static final int MAX_TOPIC_TAGS = 200;
    /** buffer, kind and outcome come from our own code; the cap only guards against a caller's mistake. */
    static final int MAX_OTHER_TAGS = 50;

    private final MeterRegistry registry;
    private final BoundedTagValues topics;
    private final BoundedTagValues buffers = new BoundedTagValues(MAX_OTHER_TAGS);
    private final BoundedTagValues kinds = new BoundedTagValues(MAX_OTHER_TAGS);
    private final BoundedTagValues outcomes = new BoundedTagValues(MAX_OTHER_TAGS);
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Timer> publishWaits = new ConcurrentHashMap<>();
    private final Map<String, Counter> overflows = new ConcurrentHashMap<>();
    private final Map<String, Counter> reconnects = new ConcurrentHashMap<>();
    private final Map<String, Timer> roundTrips = new ConcurrentHashMap<>();

    public MicrometerPilotMetrics(MeterRegistry registry) {
        this(registry, MAX_TOPIC_TAGS);
    }

    MicrometerPilotMetrics(MeterRegistry registry, int maxTopicTags) {
        this.registry = registry;
        this.topics = new BoundedTagValues(maxTopicTags);
    }

    /**
     * Meters in the MeterRegistry of the Camel registry: the only one, or the composite one when there are several
     * (Spring Boot's); {@link PilotMetrics#NONE} when there is none or no single choice.
     */
    static PilotMetrics fromRegistry(Registry camelRegistry) {
        MeterRegistry registry = single(camelRegistry.findByType(MeterRegistry.class));
        return registry == null ? PilotMetrics.NONE : new MicrometerPilotMetrics(registry);
    }

    static MeterRegistry single(Set<MeterRegistry> found) {
        if (found.size() == 1) {
            return found.iterator().next();
        }
        if (found.size() > 1) {
            Set<MeterRegistry> composites = new HashSet<>();
            for (MeterRegistry r : found) {
                if (r instanceof CompositeMeterRegistry) {
                    composites.add(r);
                }
            }
            if (composites.size() == 1) {
                return composites.iterator().next();
            }
            LOG.warn("{} MeterRegistry beans in the Camel registry and no single composite one: meters are not recorded",
                    found.size());
        }
        return null;
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void eventReceived(String topic) {
        received.computeIfAbsent(topics.of(topic), t -> Counter.builder("pilot.events.received")
                .description("Events pilot:events consumers received and passed to their routes").tag("topic", t)
                .register(registry)).increment();
    }

    @Override
    public void eventPublished(String topic) {
        published.computeIfAbsent(topics.of(topic), t -> Counter.builder("pilot.events.published")
                .description("Events pilot:events producers handed to the daemon").tag("topic", t)
                .register(registry)).increment();
    }

    @Override
    public void publishWaited(String topic, long nanos) {
        publishWaits.computeIfAbsent(topics.of(topic), t -> Timer.builder("pilot.publish.wait")
                .description("Time a publish waited for its connection's pacing slot (publishRate)").tag("topic", t)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void overflowed(String buffer) {
        overflows.computeIfAbsent(buffers.of(buffer), b -> Counter.builder("pilot.buffer.overflows")
                .description("Events a full bounded buffer turned away").tag("buffer", b)
                .register(registry)).increment();
    }

    @Override
    public void reconnected(String kind) {
        reconnects.computeIfAbsent(kinds.of(kind), k -> Counter.builder("pilot.reconnects")
                .description("Times a pilot consumer served again after losing its daemon or resource").tag("kind", k)
                .register(registry)).increment();
    }

    @Override
    public void taskCompleted(String outcome, long nanos) {
        roundTrips.computeIfAbsent(outcomes.of(outcome), o -> Timer.builder("pilot.task.roundtrip")
                .description("pilot:task submissions from submit to the final status, by outcome").tag("outcome", o)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
