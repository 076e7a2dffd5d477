package io.camelagents.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelagents.pilot.protocol.TopicPattern;
import org.junit.jupiter.api.Test;

class TopicPatternTest {
    @Test
    void globsSubscribeToStarAndFilterLocally() {
        TopicPattern p = TopicPattern.parse("research.*");
        assertEquals("*", p.brokerTopic());
        assertTrue(p.matches("research.completed"));
        assertFalse(p.matches("data.ready"));
        assertFalse(p.matches("research"));
        assertFalse(p.matches("research.a.b"));
        assertTrue(TopicPattern.parse("research.**").matches("research.a.b"));
        assertTrue(TopicPattern.parse("r?.x").matches("r1.x"));
    }

    @Test
    void exactAndStarGoToTheBrokerAsIs() {
        assertEquals("research.completed", TopicPattern.parse("research.completed").brokerTopic());
        assertTrue(TopicPattern.parse("research.completed").isExact());
        assertEquals("*", TopicPattern.parse("*").brokerTopic());
        assertTrue(TopicPattern.parse("*").matches("anything.at.all"));
    }
}
