package io.camelagents.pilot.connect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.protocol.TopicPattern;

/**
 * Splits the source's brokers and topics into units and deals them to tasks, so that no two tasks subscribe to the
 * same broker and topic (a broker delivers an event once per matching subscription: two overlapping
 * subscriptions would put it into Kafka twice).
 * <p>
 * Per broker, every glob and {@code *} share one {@code *} subscription filtered by all of them (the brokers
 * match only exact topics and {@code *}); an exact topic that one of those globs matches is folded into it; every
 * other exact topic is a unit of its own. Units go round-robin to {@code min(tasks.max, units)} tasks.
 */
final class SourceUnitPlanner {
    private SourceUnitPlanner() {
    }

    /** Units for {@code brokers} (empty = the local node only) and {@code topics}, in configuration order. */
    static List<SourceUnit> plan(List<String> brokers, List<String> topics) {
        List<TopicPattern> patterns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String t : topics) {
            if (seen.add(t)) {
                patterns.add(TopicPattern.parse(t));
            }
        }
        List<String> globs = new ArrayList<>();
        List<String> exact = new ArrayList<>();
        for (TopicPattern p : patterns) {
            (p.isExact() ? exact : globs).add(p.toString());
        }
        List<SourceUnit> units = new ArrayList<>();
        for (String broker : distinctBrokers(brokers)) {
            if (!globs.isEmpty()) {
                units.add(new SourceUnit(broker, "*", globs));
            }
            for (String topic : exact) {
                boolean folded = patterns.stream().anyMatch(p -> !p.isExact() && p.matches(topic));
                if (!folded) {
                    units.add(new SourceUnit(broker, topic, List.of(topic)));
                }
            }
        }
        return units;
    }

    /** Unit lists for the tasks: unit i goes to task i mod min(maxTasks, units). */
    static List<List<SourceUnit>> deal(List<SourceUnit> units, int maxTasks) {
        int tasks = Math.min(Math.max(1, maxTasks), units.size());
        List<List<SourceUnit>> out = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < units.size(); i++) {
            out.get(i % tasks).add(units.get(i));
        }
        return out;
    }

    /**
     * Addresses in their canonical form, so {@code 0:0000.0000.000a} and {@code 0:0000.0000.000A} are one broker.
     * A hostname and the address it resolves to cannot be told apart before resolving: do not list both.
     */
    private static Set<String> distinctBrokers(List<String> brokers) {
        Set<String> out = new LinkedHashSet<>();
        for (String b : brokers) {
            String t = b.trim();
            if (!t.isEmpty()) {
                out.add(PilotAddress.isAddress(t) ? PilotAddress.parse(t).toString() : t);
            }
        }
        if (out.isEmpty()) {
            out.add(""); // the task's own node
        }
        return out;
    }
}
