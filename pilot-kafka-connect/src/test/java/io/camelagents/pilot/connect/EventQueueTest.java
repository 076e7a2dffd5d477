package io.camelagents.pilot.connect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class EventQueueTest {
    private static final SourceUnit UNIT = new SourceUnit("", "*", List.of("*"));

    private static ReceivedEvent event(int bytes) {
        return new ReceivedEvent(UNIT, "0:0000.0000.0001", "t", new byte[bytes], 1L);
    }

    @Test
    void boundedByEventCount() throws Exception {
        EventQueue q = new EventQueue(2, 1 << 20);
        assertTrue(q.put(event(1)));
        assertTrue(q.put(event(1)));
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> put(q, event(1)));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !third.isDone());
        assertEquals(1, q.drain(1, 0).size());
        assertTrue(third.get());
        assertEquals(2, q.size());
    }

    @Test
    void boundedByBytesButAnOversizedEventPassesAnEmptyQueue() throws Exception {
        EventQueue q = new EventQueue(100, 1000);
        assertTrue(q.put(event(5000)), "alone it passes, or it could never pass");
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> put(q, event(10)));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !next.isDone());
        assertEquals(5000, q.drain(10, 0).get(0).payload().length);
        assertTrue(next.get());
        assertEquals(10, q.bytes());
    }

    @Test
    void drainWaitsBrieflyAndTakesAtMostTheBatch() throws Exception {
        EventQueue q = new EventQueue(100, 1 << 20);
        assertEquals(List.of(), q.drain(10, 50));
        for (int i = 0; i < 5; i++) {
            q.put(event(1));
        }
        assertEquals(3, q.drain(3, 0).size());
        assertEquals(2, q.drain(3, 0).size());
    }

    @Test
    void closeReleasesWaitingWriters() throws Exception {
        EventQueue q = new EventQueue(1, 1 << 20);
        q.put(event(1));
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> put(q, event(1)));
        q.close();
        assertFalse(blocked.get());
        assertEquals(1, q.drain(10, 1000).size(), "what was queued can still be handed over");
    }

    private static boolean put(EventQueue q, ReceivedEvent e) {
        try {
            return q.put(e);
        } catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
