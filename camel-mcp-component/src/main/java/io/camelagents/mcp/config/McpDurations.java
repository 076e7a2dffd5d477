package io.camelagents.mcp.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelagents.mcp.McpConfigurationException;

/**
 * Parses the time options of the component, endpoints and server definitions: plain milliseconds ({@code 30000}),
 * Camel's syntax ({@code 30s}, {@code 2m}, {@code 1h30m}, {@code 500ms}, {@code 1d}) or ISO-8601 ({@code PT30S}).
 * Strict on purpose: Camel's own converter turns {@code PT30S} into 0 for long options and {@code abc} or
 * {@code -5s} into 0 silently, and a timeout of 0 would mean "use the default".
 */
public final class McpDurations {

    public static final String SYNTAX = "milliseconds (30000), 30s, 2m, 1h30m, 500ms or ISO-8601 (PT30S)";

    private static final Pattern MILLIS = Pattern.compile("\\d+");
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|d|h|m|s)");

    private McpDurations() {
    }

    /**
     * @param value  a Number (milliseconds), a Duration or a text in one of the accepted forms
     * @param serverName the server the option belongs to, or null for component and endpoint options
     * @param option     where the value was set, for the message (e.g. {@code servers.github.requestTimeout})
     * @return milliseconds, never negative
     * @throws McpConfigurationException when the value is not a duration
     */
    public static long toMillis(Object value, String serverName, String option) {
        if (value instanceof Duration duration) {
            return checkNotNegative(duration.toMillis(), value, serverName, option);
        }
        if (value instanceof Number number) {
            return checkNotNegative(number.longValue(), value, serverName, option);
        }
        String text = value == null ? "" : String.valueOf(value).trim();
        if (MILLIS.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                throw invalid(text, serverName, option);
            }
        }
        if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return checkNotNegative(Duration.parse(text).toMillis(), text, serverName, option);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw invalid(text, serverName, option);
            }
        }
        return camelSyntax(text, serverName, option);
    }

    private static long camelSyntax(String text, String serverName, String option) {
        Matcher part = PART.matcher(text);
        int position = 0;
        Duration total = Duration.ZERO;
        while (position < text.length()) {
            if (Character.isWhitespace(text.charAt(position))) {
                position++;
                continue;
            }
            if (!part.find(position) || part.start() != position) {
                throw invalid(text, serverName, option);
            }
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
            });
            position = part.end();
        }
        if (text.isEmpty()) {
            throw invalid(text, serverName, option);
        }
        return total.toMillis();
    }

    private static long checkNotNegative(long millis, Object value, String serverName, String option) {
        if (millis < 0) {
            throw invalid(String.valueOf(value), serverName, option);
        }
        return millis;
    }

    private static McpConfigurationException invalid(String text, String serverName, String option) {
        return new McpConfigurationException(serverName, "Invalid duration '" + text + "' for " + option + ": use "
                + SYNTAX);
    }
}
