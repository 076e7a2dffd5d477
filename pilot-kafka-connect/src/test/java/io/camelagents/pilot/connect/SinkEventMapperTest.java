package io.camelagents.pilot.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SinkEventMapperTest {
    private final SinkEventMapper mapper = new SinkEventMapper("default.topic", true, 16);

    static SinkRecord record(Object key, Object value) {
        return new SinkRecord("in", 0, Schema.OPTIONAL_STRING_SCHEMA, key, Schema.OPTIONAL_BYTES_SCHEMA, value, 7);
    }

    private static SinkRecord withHeader(Object key, Object value, Object header) {
        SinkRecord r = record(key, value);
        r.headers().add(ConnectHeaders.TOPIC, header, null);
        return r;
    }

    private SinkEventMapper.Event event(SinkRecord r) {
        return assertInstanceOf(SinkEventMapper.Event.class, mapper.map(r));
    }

    private String errant(SinkEventMapper m, SinkRecord r) {
        return assertInstanceOf(SinkEventMapper.Errant.class, m.map(r)).reason();
    }

    @Test
    void theHeaderWinsOverKeyAndConfig() {
        assertEquals("from.header", event(withHeader("from.key", "v", "from.header")).frame().topic());
        SinkRecord two = withHeader(null, "v", "first");
        two.headers().addString(ConnectHeaders.TOPIC, "last");
        assertEquals("last", event(two).frame().topic(), "the last header of that name counts");
    }

    @Test
    void thenAStringKeyThenTheConfiguredTopic() {
        assertEquals("from.key", event(record("from.key", "v")).frame().topic());
        assertEquals("default.topic", event(record(null, "v")).frame().topic());
        assertEquals("default.topic", event(record("", "v")).frame().topic(), "an empty key is no topic");
        assertEquals("default.topic", event(record(42, "v")).frame().topic(), "a non-String key is no topic");
        assertEquals("default.topic", new SinkEventMapper("default.topic", false, 16).map(record("from.key", "v")) instanceof
                SinkEventMapper.Event e ? e.frame().topic() : null, "keys are ignored when pilot.topic.from.key is false");
    }

    @Test
    void headerValuesAsHeaderConvertersProduceThem() {
        assertEquals("bytes.topic", event(withHeader(null, "v", "bytes.topic".getBytes(StandardCharsets.UTF_8))).frame().topic());
        assertEquals("42", event(withHeader(null, "v", (byte) 42)).frame().topic(), "SimpleHeaderConverter parses numbers");
        assertTrue(errant(mapper, withHeader(null, "v", Map.of("a", "b"))).startsWith("header pilot.topic holds a"));
    }

    @Test
    void valuesAreBytesByteBuffersOrText() {
        assertArrayEquals(new byte[] {1, 2}, event(record("t", new byte[] {1, 2})).frame().payload());
        ByteBuffer bb = ByteBuffer.wrap(new byte[] {9, 1, 2, 3}, 1, 2);
        assertArrayEquals(new byte[] {1, 2}, event(record("t", bb)).frame().payload());
        assertEquals(1, bb.position(), "the record's buffer is not consumed");
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), event(record("t", "é")).frame().payload());
    }

    @Test
    void whatCannotBeAnEventIsErrant() {
        SinkEventMapper noDefault = new SinkEventMapper("", true, 16);
        assertEquals("no Pilot topic: the record has no pilot.topic header and no String key, and pilot.topic is not set",
                errant(noDefault, record(null, "v")));
        assertEquals("the value is null (a tombstone); a Pilot event needs a payload", errant(mapper, record("t", null)));
        assertTrue(errant(mapper, record("t", 12L)).startsWith("the value is a Long; the sink publishes bytes or text"));
        assertEquals("the value has 17 bytes, over pilot.max.event.bytes (16)", errant(mapper, record("t", new byte[17])));
        assertTrue(errant(mapper, withHeader(null, "v", "a.*")).startsWith("header pilot.topic: 'a.*' is a pattern"));
        assertTrue(errant(mapper, withHeader(null, "v", "a\nb")).contains("contains the control character U+000A"));
        assertTrue(errant(mapper, record("x".repeat(1100), "v")).startsWith("record key used as the topic:"));
    }

    @Test
    void anInvalidHeaderOrKeyNeverFallsThroughToTheDefault() {
        assertInstanceOf(SinkEventMapper.Errant.class, mapper.map(withHeader("good.key", "v", "bad\u0000")));
        assertInstanceOf(SinkEventMapper.Errant.class, mapper.map(record("bad?", "v")));
    }
}
