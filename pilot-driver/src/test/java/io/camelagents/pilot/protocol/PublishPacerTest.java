package io.camelagents.pilot.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PublishPacerTest {

    /** A lower bound only: sleeping can take longer on a loaded machine, never shorter. */
    @Test
    void spacesPublishesAtTheRate() throws InterruptedException {
        PublishPacer pacer = new PublishPacer(100);
        long start = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            pacer.await();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 99, "11 publishes at 100/s need 10 intervals of 10 ms, took " + elapsedMs + " ms");
    }
}
