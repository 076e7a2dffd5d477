package io.camelagents.mcp.testsupport;

import java.util.List;

/**
 * Counts live processes whose command line contains a marker: every test server gets a unique marker argument, so
 * leftovers (orphans) can be counted exactly.
 */
public final class ProcessCounter {

    private ProcessCounter() {
    }

    public static List<ProcessHandle> withMarker(String marker) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    /** Waits up to {@code millis} for the count to reach zero and returns the final count. */
    public static int awaitNone(String marker, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int count = withMarker(marker).size();
        while (count > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            count = withMarker(marker).size();
        }
        return count;
    }

    public static void killAll(String marker) {
        withMarker(marker).forEach(ProcessHandle::destroyForcibly);
    }
}
