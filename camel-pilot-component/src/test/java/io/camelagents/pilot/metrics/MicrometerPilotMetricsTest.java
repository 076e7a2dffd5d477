package io.camelagents.pilot.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The Micrometer meters of each PilotMetrics call, and the cap on topic tag values. */
class MicrometerPilotMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerPilotMetrics metrics = new MicrometerPilotMetrics(registry);

    @Test
    void taskRoundTripsByOutcome() {
        metrics.taskCompleted("succeeded", TimeUnit.MILLISECONDS.toNanos(40));
        metrics.taskCompleted("succeeded", TimeUnit.MILLISECONDS.toNanos(60));
        metrics.taskCompleted("timeout", TimeUnit.SECONDS.toNanos(30));
        Timer ok = registry.find("pilot.task.roundtrip").tag("outcome", "succeeded").timer();
        assertNotNull(ok);
        assertEquals(2, ok.count());
        assertEquals(100, ok.totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, registry.find("pilot.task.roundtrip").tag("outcome", "timeout").timer().count());
    }

    @Test
    void overflowsAndReconnects() {
        metrics.overflowed("kafka-send");
        metrics.overflowed("kafka-send");
        metrics.reconnected("task");
        assertEquals(2, registry.find("pilot.buffer.overflows").tag("buffer", "kafka-send").counter().count());
        assertEquals(1, registry.find("pilot.reconnects").tag("kind", "task").counter().count());
    }

    @Test
    void atMost200TopicTagValuesThenOther() {
        for (int i = 0; i < 250; i++) {
            metrics.eventReceived("peer.topic." + i);
            metrics.eventPublished("peer.topic." + i);
            metrics.publishWaited("peer.topic." + i, 1000);
        }
        metrics.eventReceived("peer.topic.7"); // an admitted topic keeps its own series
        assertEquals(MicrometerPilotMetrics.MAX_TOPIC_TAGS + 1, registry.find("pilot.events.received").counters().size());
        assertEquals(MicrometerPilotMetrics.MAX_TOPIC_TAGS + 1, registry.find("pilot.events.published").counters().size());
        assertEquals(MicrometerPilotMetrics.MAX_TOPIC_TAGS + 1, registry.find("pilot.publish.wait").timers().size());
        assertEquals(50, registry.find("pilot.events.received").tag("topic", BoundedTagValues.OTHER).counter().count());
        assertEquals(2, registry.find("pilot.events.received").tag("topic", "peer.topic.7").counter().count());
        assertEquals(50, registry.find("pilot.publish.wait").tag("topic", BoundedTagValues.OTHER).timer().count());
    }
}
