package io.camelagents.pilot.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a bounded series of latency samples, in milliseconds. */
final class BenchStats {
    private final double[] samplesMs;

    BenchStats(double[] samplesMs) {
        this.samplesMs = samplesMs.clone();
        Arrays.sort(this.samplesMs);
    }

    double percentile(double p) {
        if (samplesMs.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * samplesMs.length) - 1;
        return samplesMs[Math.max(0, Math.min(i, samplesMs.length - 1))];
    }

    String summary() {
        return String.format(Locale.ROOT, "n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", samplesMs.length, percentile(50),
                percentile(99), samplesMs.length == 0 ? Double.NaN : samplesMs[samplesMs.length - 1]);
    }

    static String rate(String label, long count, long nanos) {
        return String.format(Locale.ROOT, "%-48s %10.1f /s  (%d in %.2f s)", label, count / (nanos / 1e9), count, nanos / 1e9);
    }
}
