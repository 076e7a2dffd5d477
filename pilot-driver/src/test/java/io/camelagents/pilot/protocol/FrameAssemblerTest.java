package io.camelagents.pilot.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.camelagents.pilot.driver.ByteBudget;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {
    private static final int MIB = 1024 * 1024;

    /** u32 length header; the body is collected. */
    private static final FrameAssembler.HeaderHandler LENGTH = h -> FrameAssembler.Body.collect(Integer.toUnsignedLong(h.getInt()));

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    @Test
    void anAnnouncedLengthIsNotAllocatedOrReservedUntilItsBytesArrive() throws Exception {
        ByteBudget budget = new ByteBudget(64L * MIB);
        FrameAssembler a = new FrameAssembler(4, budget);
        List<FrameAssembler.Frame> frames = new ArrayList<>();
        a.feed(ByteBuffer.allocate(4).putInt(16 * MIB).array(), 0, 4, LENGTH, frames::add);
        assertTrue(a.inFrame());
        assertEquals(0, budget.used(), "a header alone reserves nothing");
        a.feed(new byte[10], 0, 10, LENGTH, frames::add);
        assertEquals(FrameAssembler.FIRST_CHUNK, budget.used(), "10 bytes arrived: the first chunk, not 16 MiB");
        a.release();
        assertEquals(0, budget.used());
        assertTrue(frames.isEmpty());
    }

    @Test
    void framesSplitAnywhereArriveWholeAndInOrderAndGiveTheirBudgetBack() throws Exception {
        ByteBudget budget = new ByteBudget(MIB);
        FrameAssembler a = new FrameAssembler(4, budget);
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        ByteBuffer wire = ByteBuffer.allocate(3 * 4 + 3 + 0 + big.length);
        wire.put(frame(new byte[] {1, 2, 3})).put(frame(new byte[0])).put(frame(big));
        byte[] bytes = wire.array();
        List<byte[]> bodies = new ArrayList<>();
        for (int pos = 0; pos < bytes.length; pos += 7) { // 7-byte pieces: headers and bodies split everywhere
            a.feed(bytes, pos, Math.min(7, bytes.length - pos), LENGTH, f -> {
                bodies.add(f.body());
                f.release();
            });
        }
        assertEquals(3, bodies.size());
        assertArrayEquals(new byte[] {1, 2, 3}, bodies.get(0));
        assertEquals(0, bodies.get(1).length);
        assertArrayEquals(big, bodies.get(2));
        assertFalse(a.inFrame());
        assertEquals(0, budget.used());
    }

    @Test
    void theSharedBudgetStopsAPeerThatSendsMoreThanItAllows() throws Exception {
        ByteBudget budget = new ByteBudget(100_000);
        FrameAssembler a = new FrameAssembler(4, budget);
        a.feed(ByteBuffer.allocate(4).putInt(MIB).array(), 0, 4, LENGTH, f -> { });
        byte[] chunk = new byte[16 * 1024];
        assertThrows(FrameAssembler.OverBudgetException.class, () -> {
            for (int i = 0; i < 64; i++) {
                a.feed(chunk, 0, chunk.length, LENGTH, f -> { });
            }
        });
        assertTrue(budget.used() <= 100_000, "never more than the budget: " + budget.used());
        a.release();
        assertEquals(0, budget.used());
    }

    @Test
    void aSkippedBodyPassesUnkeptAndAStopEndsFeeding() throws Exception {
        FrameAssembler a = new FrameAssembler(4, new ByteBudget(MIB));
        List<FrameAssembler.Frame> frames = new ArrayList<>();
        byte[] wire = ByteBuffer.allocate(4 + 100_000 + 4).putInt(100_000).put(new byte[100_000]).putInt(5).array();
        int[] headers = {0};
        boolean more = a.feed(wire, 0, wire.length, h -> ++headers[0] == 1
                ? FrameAssembler.Body.skip(Integer.toUnsignedLong(h.getInt())) : FrameAssembler.Body.stop(), frames::add);
        assertFalse(more, "the second header said stop");
        assertEquals(1, frames.size());
        assertTrue(frames.get(0).skipped());
        assertEquals(0, frames.get(0).body().length);
    }

    @Test
    void aKeptFrameHoldsItsBudgetUntilTheKeeperIsDone() throws Exception {
        ByteBudget budget = new ByteBudget(MIB);
        FrameAssembler a = new FrameAssembler(4, budget);
        List<Runnable> keepers = new ArrayList<>();
        byte[] wire = frame(new byte[1000]);
        a.feed(wire, 0, wire.length, LENGTH, f -> {
            keepers.add(f.keep());
            f.release(); // what the server does after the handler: a no-op for a kept frame
        });
        assertEquals(1000, budget.used());
        keepers.get(0).run();
        keepers.get(0).run(); // at most once
        assertEquals(0, budget.used());
    }
}
