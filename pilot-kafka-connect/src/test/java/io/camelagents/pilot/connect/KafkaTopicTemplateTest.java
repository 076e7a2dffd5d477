package io.camelagents.pilot.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KafkaTopicTemplateTest {
    @Test
    void aFixedTopicIsUsedForEveryEvent() {
        KafkaTopicTemplate t = KafkaTopicTemplate.fixed("pilot-events");
        assertEquals("pilot-events", t.topicFor("research.completed"));
        assertEquals("pilot-events", t.topicFor("anything/else"));
    }

    @Test
    void theTemplatePutsThePilotTopicInPlace() {
        KafkaTopicTemplate t = KafkaTopicTemplate.template("pilot.${topic}.v1");
        assertEquals("pilot.research.completed.v1", t.topicFor("research.completed"));
    }

    @Test
    void charactersKafkaCannotHoldBecomeUnderscores() {
        KafkaTopicTemplate t = KafkaTopicTemplate.template("pilot.${topic}");
        assertEquals("pilot.research_done_b", t.topicFor("research/done b"));
        assertEquals("pilot.r_sum_", t.topicFor("résumé"));
        assertEquals("pilot._x", t.topicFor("\uD83D\uDE80x"), "one underscore per code point, not per UTF-16 unit");
        assertEquals("pilot.a-b_c", t.topicFor("a-b_c"), "legal characters stay");
    }

    @Test
    void dotNamesKafkaRefusesAreMadeLegal() {
        KafkaTopicTemplate t = KafkaTopicTemplate.template("${topic}");
        assertEquals("_", t.topicFor("."));
        assertEquals("__", t.topicFor(".."));
        assertEquals("...", t.topicFor("..."));
    }

    @Test
    void longNamesAreCutAndKeptApartByAChecksum() {
        KafkaTopicTemplate t = KafkaTopicTemplate.template("pilot.${topic}.in");
        String a = t.topicFor("x".repeat(600) + "a");
        String b = t.topicFor("x".repeat(600) + "b");
        assertEquals(249, a.length());
        assertEquals(249, b.length());
        assertTrue(a.startsWith("pilot.xxx") && a.endsWith(".in"), a);
        assertTrue(a.matches("pilot\\.x+-[0-9a-f]{8}\\.in"), a);
        assertNotEquals(a, b);
        assertEquals(a, t.topicFor("x".repeat(600) + "a"), "stable");
    }

    @Test
    void badTemplatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> KafkaTopicTemplate.template("pilot"));
        assertThrows(IllegalArgumentException.class, () -> KafkaTopicTemplate.template("${topic}.${topic}"));
        assertThrows(IllegalArgumentException.class, () -> KafkaTopicTemplate.template("a b.${topic}"));
        assertThrows(IllegalArgumentException.class, () -> KafkaTopicTemplate.template("x".repeat(245) + "${topic}"));
        assertThrows(IllegalArgumentException.class, () -> KafkaTopicTemplate.fixed(".."));
        assertThrows(IllegalArgumentException.class, () -> KafkaTopicTemplate.fixed("x".repeat(250)));
    }
}
