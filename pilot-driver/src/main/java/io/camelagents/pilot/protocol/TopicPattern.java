package io.camelagents.pilot.protocol;

import java.util.regex.Pattern;

/**
 * A topic filter: an exact topic, {@code *} for everything, or a glob such as {@code research.*}.
 * <p>
 * Pilot brokers match only an exact topic or {@code *}. A glob therefore subscribes to {@code *} at the broker
 * and filters locally: {@code *} matches any run of characters within one dot-separated segment, {@code **}
 * any run across segments, {@code ?} one character. {@code research.*} matches {@code research.completed} but
 * neither {@code research} nor {@code research.a.b}; {@code research.**} matches both of the latter too.
 */
public final class TopicPattern {
    private final String text;
    private final Pattern regex;

    private TopicPattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    public static TopicPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("topic must not be empty: use an exact topic, * for all, or a glob such as research.*");
        }
        EventFrame.checkTopic(text);
        if (text.equals("*") || !isGlob(text)) {
            return new TopicPattern(text, null);
        }
        if (text.contains("***")) {
            throw new IllegalArgumentException("topic pattern '" + text + "' has '***'; use * (one segment) or ** (any segments)");
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^.]*");
            } else if (c == '?') {
                re.append("[^.]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new TopicPattern(text, Pattern.compile(re.toString()));
    }

    private static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    /** What to send to the broker: the exact topic, or {@code *} for globs. */
    public String brokerTopic() {
        return regex == null ? text : "*";
    }

    public boolean isExact() {
        return regex == null && !text.equals("*");
    }

    public boolean matches(String topic) {
        if (regex == null) {
            return text.equals("*") || text.equals(topic);
        }
        return regex.matcher(topic).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
