package io.camelagents.mcp.internal;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * Logs lines from a child process with a per-minute budget, so a chatty or looping server cannot flood the logs.
 * Lines over the budget are counted and summarised once the next minute starts. Lines are masked and truncated.
 */
final class BoundedLineLogger {

    private static final int MAX_LINE_CHARS = 2000;
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger logger;
    private final String prefix;
    private final boolean warn;
    private final int linesPerMinute;
    private final SecretMasker masker;

    private long windowStart = System.nanoTime();
    private int loggedInWindow;
    private long suppressedInWindow;
    private long total;

    BoundedLineLogger(Logger logger, String prefix, boolean warn, int linesPerMinute, SecretMasker masker) {
        this.logger = logger;
        this.prefix = prefix;
        this.warn = warn;
        this.linesPerMinute = Math.max(0, linesPerMinute);
        this.masker = masker;
    }

    synchronized void log(String line) {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            if (suppressedInWindow > 0) {
                write("{} {} more line(s) suppressed in the last minute", prefix, suppressedInWindow);
            }
            windowStart = now;
            loggedInWindow = 0;
            suppressedInWindow = 0;
        }
        if (loggedInWindow < linesPerMinute) {
            loggedInWindow++;
            String text = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "...(truncated)" : line;
            write("{} {}", prefix, masker.mask(text));
        } else {
            suppressedInWindow++;
        }
        total++; // after the write: a reader that sees the count also finds the line in the log
    }

    /** Lines handled so far, logged or suppressed. */
    synchronized long total() {
        return total;
    }

    private void write(String format, Object a, Object b) {
        if (warn) {
            logger.warn(format, a, b);
        } else {
            logger.info(format, a, b);
        }
    }
}
