package io.camelagents.pilot.connect.it;

import java.util.Map;
import java.util.stream.Collectors;

/** Short renderings for the test output. */
final class Report {
    private Report() {
    }

    /** Up to 10 repeated ids with their counts, e.g. {@code [s-17 x2, s-18 x2, ...]}. */
    static String sample(Map<String, Integer> repeated) {
        if (repeated.isEmpty()) {
            return "[]";
        }
        String head = repeated.entrySet().stream().limit(10).map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
        return "[" + head + (repeated.size() > 10 ? ", ... " + repeated.size() + " ids" : "") + "]";
    }
}
