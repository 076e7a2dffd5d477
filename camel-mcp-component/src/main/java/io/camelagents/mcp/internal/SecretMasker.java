package io.camelagents.mcp.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelagents.mcp.McpServerDefinition;

/**
 * Replaces configured secret values (env values, header values, the password of a URL) by {@code xxxxxx} in text
 * that is about to be logged or put in an exception message. Servers sometimes echo their configuration or a token
 * on stderr; this keeps it out of the logs.
 * <p>
 * Every secret is masked, whatever its length. A value of 4 characters or more is masked wherever it occurs. A
 * shorter one ({@code "ab"}) is masked only as a whole token, i.e. not next to a letter, digit, {@code _}, {@code -}
 * or {@code .}: {@code KEY=ab}, {@code "ab"} and {@code Bearer ab} are masked, while the "ab" inside "about" stays,
 * so a short secret does not make every line unreadable.
 */
public final class SecretMasker {

    public static final String MASK = "xxxxxx";
    /** From this length on, a value is masked wherever it appears, even inside a longer word. */
    static final int SUBSTRING_MIN_LENGTH = 4;
    private static final String TOKEN_CHAR = "[\\p{Alnum}_.\\-]";

    private final List<String> substrings;
    private final Pattern shortTokens;

    public SecretMasker(Collection<String> values) {
        Set<String> all = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isEmpty()) {
                continue;
            }
            all.add(value);
            // "Bearer abc" is usually echoed as "abc" alone.
            int space = value.lastIndexOf(' ');
            if (space >= 0 && space < value.length() - 1) {
                all.add(value.substring(space + 1));
            }
        }
        List<String> longOnes = new ArrayList<>();
        List<String> shortOnes = new ArrayList<>();
        for (String secret : all) {
            (secret.length() >= SUBSTRING_MIN_LENGTH ? longOnes : shortOnes).add(secret);
        }
        // Longest first, so a secret that contains another is masked whole.
        longOnes.sort(Comparator.comparingInt(String::length).reversed());
        shortOnes.sort(Comparator.comparingInt(String::length).reversed());
        this.substrings = List.copyOf(longOnes);
        this.shortTokens = shortOnes.isEmpty() ? null : Pattern.compile("(?<!" + TOKEN_CHAR + ")(?:"
                + String.join("|", shortOnes.stream().map(Pattern::quote).toList()) + ")(?!" + TOKEN_CHAR + ")");
    }

    /** The secrets of a server: its env values, header values and the password in its URL. */
    public static SecretMasker of(McpServerDefinition definition) {
        List<String> secrets = new ArrayList<>(definition.getEnv().values());
        secrets.addAll(definition.getHeaders().values());
        String userInfo = userInfo(definition.getUrl());
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            secrets.add(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
        }
        return new SecretMasker(secrets);
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : substrings) {
            masked = masked.replace(secret, MASK);
        }
        if (shortTokens != null) {
            masked = shortTokens.matcher(masked).replaceAll(Matcher.quoteReplacement(MASK));
        }
        return masked;
    }

    private static String userInfo(String url) {
        if (url == null) {
            return null;
        }
        try {
            return new URI(url.trim()).getRawUserInfo();
        } catch (Exception invalid) {
            return null; // reported by validate()
        }
    }
}
