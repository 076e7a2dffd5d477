package io.camelagents.examples.pipeline;

/** Peer-supplied text for an error message or a log line: short, and with control characters escaped. */
final class SafeShow {
    private static final int MAX = 40;

    private SafeShow() {
    }

    static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < MAX; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX && text.length() > MAX) {
            sb.append("...");
        }
        return sb.toString();
    }
}
