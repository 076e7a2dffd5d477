package io.camelagents.mcp.internal;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads newline-terminated lines with a maximum length, so a server that never sends a newline cannot exhaust
 * the heap.
 */
final class BoundedLineReader {

    static final class LineTooLongException extends IOException {
        LineTooLongException(int limit) {
            super("line longer than " + limit + " characters");
        }
    }

    private final Reader reader;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;

    BoundedLineReader(Reader reader, int maxChars) {
        this.reader = reader;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), or null at end of stream. */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position >= limit) {
                limit = reader.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line != null && line.length() > 0 ? line.toString() : null;
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int chunk = position - start;
            if (line == null) {
                line = new StringBuilder(Math.max(16, chunk));
            }
            if (line.length() + chunk > maxChars) {
                throw new LineTooLongException(maxChars);
            }
            line.append(buffer, start, chunk);
            if (position < limit) {
                position++; // skip '\n'
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
        }
    }
}
