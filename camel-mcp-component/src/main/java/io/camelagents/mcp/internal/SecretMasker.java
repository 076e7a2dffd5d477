package io.camelagents.mcp.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces known secret values (env values, header values) by {@code xxxxxx} in text that is about to be logged.
 * Servers sometimes echo their configuration or a token on stderr; this keeps it out of the logs.
 */
public final class SecretMasker {

    /** Shorter values would mask ordinary words ("1", "true"). */
    private static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets;

    public SecretMasker(Collection<String> values) {
        List<String> list = new ArrayList<>();
        for (String value : values) {
            if (value != null && value.length() >= MIN_SECRET_LENGTH) {
                list.add(value);
                // "Bearer abc" is usually echoed as "abc" alone.
                int space = value.indexOf(' ');
                if (space > 0 && value.length() - space - 1 >= MIN_SECRET_LENGTH) {
                    list.add(value.substring(space + 1));
                }
            }
        }
        list.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(list);
    }

    public String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "xxxxxx");
        }
        return masked;
    }
}
