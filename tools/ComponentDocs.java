import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the option and header tables of a component's AsciiDoc page from the component JSON that
 * camel-package-maven-plugin generates, so the tables never drift from the code.
 * <p>
 * Run by the build (exec-maven-plugin, process-classes) as a single-file Java program:
 * {@code java -cp <compile classpath> tools/ComponentDocs.java <component.json> <page.adoc>}.
 * Only the text between the marker comments ({@code // component options: START} ... {@code END}, and the same for
 * endpoint options and headers) is rewritten; a missing page is created with a short heading.
 */
public final class ComponentDocs {

    private static final String[][] SECTIONS = {
            {"component options", "componentProperties"},
            {"endpoint options", "properties"},
            {"component headers", "headers"}};

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ComponentDocs <component.json> <page.adoc>");
        }
        JsonNode json = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Path page = Path.of(args[1]);
        String text = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : skeleton(json.get("component"));
        for (String[] section : SECTIONS) {
            text = replaceBetweenMarkers(text, section[0], table(json, section[0], section[1]));
        }
        String before = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : null;
        if (!text.equals(before)) {
            Files.createDirectories(page.getParent());
            Files.writeString(page, text, StandardCharsets.UTF_8);
            System.out.println("ComponentDocs: updated " + page);
        }
    }

    private static String skeleton(JsonNode component) {
        String title = component.get("title").asText();
        return "= " + title + " Component\n"
                + ":shortname: " + component.get("scheme").asText() + "\n\n"
                + "*Since " + component.get("firstVersion").asText() + "*\n\n"
                + component.get("description").asText() + "\n\n"
                + "== URI format\n\n----\n" + component.get("syntax").asText() + "\n----\n\n"
                + "// component options: START\n// component options: END\n\n"
                + "// endpoint options: START\n// endpoint options: END\n\n"
                + "// component headers: START\n// component headers: END\n";
    }

    private static String replaceBetweenMarkers(String text, String name, String content) {
        String start = "// " + name + ": START\n";
        String end = "// " + name + ": END";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException("page lacks the markers '" + start.trim() + "' and '" + end + "'");
        }
        return text.substring(0, from + start.length()) + content + text.substring(to);
    }

    private static String table(JsonNode json, String section, String key) {
        JsonNode options = json.get(key);
        String title = json.get("component").get("title").asText();
        List<Map.Entry<String, JsonNode>> rows = new ArrayList<>();
        if (options != null) {
            rows.addAll(options.properties());
        }
        StringBuilder out = new StringBuilder();
        switch (section) {
            case "component options" -> out.append("== Component options\n\nThe ").append(title)
                    .append(" component supports ").append(rows.size())
                    .append(" options, set on the component (camel.component.").append(json.get("component").get("scheme").asText())
                    .append(".NAME) as defaults for every endpoint.\n\n");
            case "endpoint options" -> out.append("== Endpoint options\n\nSyntax: `").append(json.get("component").get("syntax").asText())
                    .append("`, with ").append(rows.size()).append(" options (path parameters and query parameters).\n\n");
            default -> out.append("== Message headers\n\nThe ").append(title).append(" component uses ").append(rows.size())
                    .append(" message headers.\n\n");
        }
        boolean headers = "headers".equals(key);
        out.append("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n| Name | Description | Default | Type\n");
        for (Map.Entry<String, JsonNode> row : rows) {
            JsonNode option = row.getValue();
            String name = "*" + row.getKey() + "*";
            if (!headers) {
                String kind = option.path("kind").asText();
                name += " (" + ("path".equals(kind) ? "path" : option.path("group").asText()) + ")";
            } else if (option.has("constantName")) {
                name += " (" + option.get("constantName").asText().replaceFirst(".*#", "") + ")";
            }
            String description = option.path("description").asText();
            if (option.has("enum")) {
                List<String> values = new ArrayList<>();
                option.get("enum").forEach(v -> values.add(v.asText()));
                description += " Values: " + String.join(", ", values) + ".";
            }
            if (option.path("required").asBoolean(false)) {
                description += " Required.";
            }
            String defaultValue = option.has("defaultValue") ? option.get("defaultValue").asText() : "";
            out.append("| ").append(cell(name)).append(" | ").append(cell(description)).append(" | ")
                    .append(cell(defaultValue)).append(" | ").append(cell(simpleType(option.path("javaType").asText())))
                    .append('\n');
        }
        return out.append("|===\n").toString();
    }

    /** java.util.Map<java.lang.String, x.Y> reads better as Map<String, Y>. */
    private static String simpleType(String javaType) {
        return javaType.replaceAll("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.([A-Z])", "$2");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
