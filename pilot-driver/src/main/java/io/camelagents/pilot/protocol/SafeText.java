package io.camelagents.pilot.protocol;

/**
 * Characters a peer can use to deceive whoever reads a topic or file name in a log, a terminal or a file manager,
 * and how to neutralise them. Peers choose event topics and file names freely; the daemons pass them on as they
 * came (the newest broker forwards topics with NUL, CR, LF, ESC, DEL, C1 and bidi controls).
 */
public final class SafeText {
    private SafeText() {
    }

    /**
     * C0 controls (NUL, TAB, CR, LF, ESC...), DEL, C1 controls, and the Unicode bidi controls that reorder how the
     * text around them is displayed (ALM U+061C, LRM/RLM U+200E/U+200F, U+202A-U+202E, U+2066-U+2069).
     */
    public static boolean isControl(int cp) {
        return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    /** Invisible characters that make two different names look the same: zero-width space/non-joiner/joiner, BOM. */
    public static boolean isInvisible(int cp) {
        return (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF;
    }

    /** Index of the first {@linkplain #isControl control character} in {@code text}, or -1. */
    public static int indexOfControl(String text) {
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            if (isControl(text.codePointAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code text} for a log line: controls and invisible characters as {@code \\uXXXX}, at most {@code max} chars. */
    public static String printable(String text, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            if (b.length() >= max) {
                return b.append("...").toString();
            }
            int cp = text.codePointAt(i);
            if (isControl(cp) || isInvisible(cp)) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    /**
     * A file name that is safe to show and to use as one path element: controls and invisible characters, '/' and
     * '\' become '_', and ".." becomes "__" (so the name can never step out of a directory).
     */
    public static String fileName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (isControl(cp) || isInvisible(cp) || cp == '/' || cp == '\\') {
                b.append('_');
            } else {
                b.appendCodePoint(cp);
            }
        });
        String safe = b.toString().replace("..", "__");
        return safe.isEmpty() ? "_" : safe;
    }
}
