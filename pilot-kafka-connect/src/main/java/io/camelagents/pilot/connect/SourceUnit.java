package io.camelagents.pilot.connect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.protocol.TopicPattern;

/**
 * One unit of source work: one subscription at one broker. {@code subscription} is what the broker is sent (an
 * exact topic or {@code *}); {@code patterns} filter what arrives (the broker is not trusted to send only that).
 * Units travel to the tasks as JSON in {@link PilotSourceConfig#TASK_UNITS}, since Pilot topics may hold any
 * character a list separator could be.
 */
record SourceUnit(String broker, String subscription, List<String> patterns) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() { };

    SourceUnit {
        patterns = List.copyOf(patterns);
    }

    /** The broker as configured, "" for the task's own node. */
    boolean isLocalBroker() {
        return broker.isEmpty();
    }

    /** The Connect source partition: stable across restarts and task moves. */
    Map<String, String> sourcePartition() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("broker", isLocalBroker() ? "local" : broker);
        p.put("subscription", subscription);
        return p;
    }

    List<TopicPattern> parsedPatterns() {
        return patterns.stream().map(TopicPattern::parse).toList();
    }

    @Override
    public String toString() {
        return (isLocalBroker() ? "local broker" : "broker " + broker) + " '" + subscription + "'"
                + (patterns.equals(List.of(subscription)) ? "" : " filtered by " + patterns);
    }

    static String encode(List<SourceUnit> units) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SourceUnit u : units) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("broker", u.broker());
            m.put("subscription", u.subscription());
            m.put("patterns", u.patterns());
            out.add(m);
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode source units: " + e.getMessage(), e);
        }
    }

    static List<SourceUnit> decode(String json) {
        List<Map<String, Object>> raw;
        try {
            raw = JSON.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(PilotSourceConfig.TASK_UNITS + " is not the JSON the connector writes: "
                    + e.getOriginalMessage(), e);
        }
        List<SourceUnit> units = new ArrayList<>();
        for (Map<String, Object> m : raw) {
            List<String> patterns = new ArrayList<>();
            if (m.get("patterns") instanceof List<?> l) {
                l.forEach(p -> patterns.add(String.valueOf(p)));
            }
            units.add(new SourceUnit(String.valueOf(m.getOrDefault("broker", "")), String.valueOf(m.get("subscription")),
                    patterns));
        }
        return units;
    }
}
