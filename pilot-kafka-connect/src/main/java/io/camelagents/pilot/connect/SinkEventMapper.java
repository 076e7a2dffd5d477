package io.camelagents.pilot.connect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.camelagents.pilot.protocol.EventFrame;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a sink record into the event to publish, or says why it cannot be one (the record then goes to the
 * errant-record reporter).
 * <p>
 * Topic, first that applies: the record's last {@code pilot.topic} header; its String key (with
 * {@code pilot.topic.from.key}); {@code pilot.topic}. A header or key that is there but not a valid exact topic
 * makes the record errant; it never falls through to the next source, so no record lands on a topic nobody chose.
 * Value: byte[], ByteBuffer, or String (UTF-8); anything else, null, or over {@code pilot.max.event.bytes} is
 * errant.
 */
final class SinkEventMapper {
    private final String defaultTopic;
    private final boolean topicFromKey;
    private final int maxEventBytes;

    SinkEventMapper(String defaultTopic, boolean topicFromKey, int maxEventBytes) {
        this.defaultTopic = defaultTopic == null ? "" : defaultTopic;
        this.topicFromKey = topicFromKey;
        this.maxEventBytes = maxEventBytes;
    }

    SinkEventMapper(PilotSinkConfig config) {
        this(config.defaultTopic(), config.topicFromKey(), config.maxEventBytes());
    }

    /** The event, or the reason it cannot be published. */
    sealed interface Result permits Event, Errant {
    }

    record Event(EventFrame frame) implements Result {
    }

    record Errant(String reason) implements Result {
    }

    Result map(SinkRecord record) {
        String topic;
        Header header = record.headers().lastWithName(ConnectHeaders.TOPIC);
        if (header != null && header.value() != null) {
            topic = text(header.value());
            if (topic == null) {
                return new Errant("header " + ConnectHeaders.TOPIC + " holds a " + header.value().getClass().getSimpleName()
                        + ", not text; use the StringConverter as header.converter or write the topic as a string");
            }
            String problem = ConfigChecks.publishTopicProblem(topic);
            if (problem != null) {
                return new Errant("header " + ConnectHeaders.TOPIC + ": " + problem);
            }
        } else if (topicFromKey && record.key() instanceof String key && !key.isEmpty()) {
            topic = key;
            String problem = ConfigChecks.publishTopicProblem(topic);
            if (problem != null) {
                return new Errant("record key used as the topic: " + problem);
            }
        } else if (!defaultTopic.isEmpty()) {
            topic = defaultTopic;
        } else {
            return new Errant("no Pilot topic: the record has no " + ConnectHeaders.TOPIC + " header"
                    + (topicFromKey ? " and no String key" : "") + ", and " + PilotSinkConfig.TOPIC + " is not set");
        }
        byte[] payload;
        Object value = record.value();
        if (value == null) {
            return new Errant("the value is null (a tombstone); a Pilot event needs a payload");
        } else if (value instanceof byte[] b) {
            payload = b;
        } else if (value instanceof ByteBuffer bb) {
            ByteBuffer copy = bb.duplicate();
            payload = new byte[copy.remaining()];
            copy.get(payload);
        } else if (value instanceof String s) {
            payload = s.getBytes(StandardCharsets.UTF_8);
        } else {
            return new Errant("the value is a " + value.getClass().getSimpleName() + "; the sink publishes bytes or text:"
                    + " use value.converter ByteArrayConverter or StringConverter");
        }
        if (payload.length > maxEventBytes) {
            return new Errant("the value has " + payload.length + " bytes, over " + PilotConnectConfig.MAX_EVENT_BYTES + " ("
                    + maxEventBytes + ")");
        }
        return new Event(new EventFrame(topic, payload));
    }

    /** Header values as the header converters produce them: text, raw bytes, or a parsed primitive. */
    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer bb) {
            return StandardCharsets.UTF_8.decode(bb.duplicate()).toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString(); // SimpleHeaderConverter parses "42" or "true" into a number or boolean
        }
        return null;
    }
}
