package io.camelagents.examples.research;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.pilot.PilotConstants;
import org.apache.camel.Exchange;

/**
 * The research agent's own steps, shared by the Java and the YAML route. The topic a peer sends travels only as
 * a tool ARGUMENT (bound to {@code $1} by the database driver) and as a sanitised file name: it is never put into
 * SQL text.
 */
public final class ResearchSteps {
    static final int MAX_TOPIC_LENGTH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path notesDir;

    public ResearchSteps(Path notesDir) {
        this.notesDir = notesDir;
    }

    /** The task text as a topic: trimmed, 1 to 200 characters. */
    public String topic(String taskText) {
        String topic = taskText == null ? "" : taskText.trim();
        if (topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("a research topic must be 1-" + MAX_TOPIC_LENGTH + " characters");
        }
        return topic;
    }

    /** Arguments of the parameterised dbhub tool {@code papers_by_topic}. */
    public Map<String, Object> databaseArguments(String topic) {
        return Map.of("topic", topic);
    }

    /** Arguments of the filesystem server's {@code read_text_file}: the note named after the topic, if any. */
    public Map<String, Object> notesArguments(String topic) {
        return Map.of("path", notesDir.resolve(slug(topic) + ".md").toString());
    }

    /** File name for a topic: lowercase letters, digits and hyphens only (no path can be smuggled in). */
    static String slug(String topic) {
        String s = topic.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "untitled" : s;
    }

    /** The task result: papers from the database plus the team's note. */
    @SuppressWarnings("unchecked")
    public String summary(Exchange exchange) {
        String topic = exchange.getIn().getHeader("researchTopic", String.class);
        List<Map<String, Object>> papers = rows(exchange.getProperty("papers"));
        String notes = exchange.getProperty("notes", String.class);
        boolean notesFound = !Boolean.TRUE.equals(exchange.getProperty("notesMissing", Boolean.class));
        StringBuilder sb = new StringBuilder("Research summary: ").append(topic).append('\n');
        sb.append(papers.size()).append(papers.size() == 1 ? " paper" : " papers").append(" in the library\n");
        for (Map<String, Object> p : papers) {
            sb.append("- ").append(p.get("title")).append(" (").append(p.get("year")).append("): ").append(p.get("finding")).append('\n');
        }
        sb.append("Team notes: ").append(notesFound && notes != null ? notes.strip() : "none").append('\n');
        exchange.setProperty("paperCount", papers.size());
        return sb.toString();
    }

    /** The research.completed event: small JSON, no result body. */
    public String completedEvent(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("taskId", exchange.getIn().getHeader(PilotConstants.TASK_ID));
        event.put("topic", exchange.getIn().getHeader("researchTopic"));
        event.put("papers", exchange.getProperty("paperCount"));
        event.put("requester", exchange.getIn().getHeader(PilotConstants.REMOTE_ADDRESS));
        return JSON.writeValueAsString(event);
    }

    /** dbhub answers {@code {"success":true,"data":{"rows":[...]}}}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Object dbhubResult) {
        if (dbhubResult instanceof Map<?, ?> m && m.get("data") instanceof Map<?, ?> data && data.get("rows") instanceof List<?> rows) {
            return (List<Map<String, Object>>) rows;
        }
        return new ArrayList<>();
    }
}
