package io.camelagents.mcp.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.mcp.McpConfigurationException;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.McpTransportType;

/**
 * Applies one {@code <option>=<value>} of a server (from {@code camel.component.mcp.servers.<server>.<option>}, a
 * Claude-Desktop JSON entry or a bean's properties) onto its definition. Explicit code instead of reflection: every
 * option is listed, and an unknown option or a value of the wrong form fails with a message naming the valid ones.
 * A misspelled safety option (e.g. {@code allowedTool}) must stop start-up, never be dropped.
 */
public final class McpServerPropertiesBinder {

    static final List<String> OPTIONS = List.of("transport", "command", "args", "env.<NAME>", "inheritEnv",
            "workingDir", "stderrLinesPerMinute", "url", "endpoint", "headers.<Name>", "connectTimeout",
            "requestTimeout", "initializationTimeout", "shutdownTimeout", "allowedTools", "deniedTools", "lazyStart");

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpServerPropertiesBinder() {
    }

    /**
     * Sets one option (e.g. {@code command}, {@code env.TOKEN}, {@code args[0]}) on a definition.
     *
     * @throws McpConfigurationException for an unknown option or an invalid value
     */
    public static void applyOption(String server, McpServerDefinition target, String option, Object value) {
        set(server, target, option, value);
        // Remembered so that properties for a server of the file or a bean can be replayed onto it.
        target.boundOptions().put(option, value);
    }

    private static void set(String server, McpServerDefinition target, String option, Object value) {
        String lower = option.toLowerCase(Locale.ROOT);
        if (lower.startsWith("env.")) {
            target.getEnv().put(option.substring(4), scalar(server, option, value));
            return;
        }
        if (lower.startsWith("headers.")) {
            target.getHeaders().put(option.substring(8), scalar(server, option, value));
            return;
        }
        if (lower.startsWith("args[") && lower.endsWith("]")) {
            int index = (int) integer(server, option, option.substring(5, option.length() - 1));
            List<String> args = target.getArgs();
            while (args.size() <= index) {
                args.add("");
            }
            args.set(index, scalar(server, option, value));
            return;
        }
        String normalized = normalize(option);
        switch (normalized) {
            case "name" -> target.setName(scalar(server, option, value));
            case "transport", "type", "transporttype" -> target.setTransport(transport(server, scalar(server, option, value)));
            case "command" -> target.setCommand(scalar(server, option, value));
            case "args" -> target.setArgs(list(server, option, value));
            case "env" -> target.setEnv(stringMap(server, option, value));
            case "headers" -> target.setHeaders(stringMap(server, option, value));
            case "inheritenv" -> target.setInheritEnv(list(server, option, value));
            case "workingdir", "cwd" -> target.setWorkingDir(scalar(server, option, value));
            case "stderrlinesperminute" -> target.setStderrLinesPerMinute((int) integer(server, option, value));
            case "url" -> target.setUrl(scalar(server, option, value));
            case "endpoint" -> target.setEndpoint(scalar(server, option, value));
            case "connecttimeout" -> target.setConnectTimeout(duration(server, option, value));
            case "requesttimeout" -> target.setRequestTimeout(duration(server, option, value));
            case "initializationtimeout", "inittimeout" -> target.setInitializationTimeout(duration(server, option, value));
            case "shutdowntimeout" -> target.setShutdownTimeout(duration(server, option, value));
            case "allowedtools" -> target.setAllowedTools(list(server, option, value));
            case "deniedtools" -> target.setDeniedTools(list(server, option, value));
            case "lazystart" -> target.setLazyStart(bool(server, option, value));
            default -> throw new McpConfigurationException(server, "Unknown option '" + option + "' for MCP server '"
                    + server + "'" + suggestion(normalized) + ". Valid options: " + OPTIONS);
        }
    }

    static McpTransportType transport(String server, String value) {
        String v = normalize(value.trim());
        return switch (v) {
            case "stdio" -> McpTransportType.stdio;
            case "streamablehttp", "http" -> McpTransportType.streamableHttp;
            case "sse" -> McpTransportType.sse;
            default -> throw new McpConfigurationException(server, "Unknown transport '" + value + "' for MCP server '"
                    + server + "': use stdio, streamableHttp or sse");
        };
    }

    /** A list from a List, a JSON array string, or a comma-separated string. */
    static List<String> list(String server, String option, Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        String s = scalar(server, option, value);
        s = s == null ? "" : s.trim();
        if (s.isEmpty()) {
            return new ArrayList<>();
        }
        if (s.startsWith("[")) {
            try {
                return JSON.readValue(s, new TypeReference<List<String>>() {
                });
            } catch (Exception e) {
                throw new McpConfigurationException(server, "Option '" + option + "' of MCP server '" + server
                        + "' is not a JSON array of strings: " + s + "; use a comma list or [\"a\", \"b\"]", e);
            }
        }
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static Map<String, String> stringMap(String server, String option, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, String> result = new LinkedHashMap<>();
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            return result;
        }
        throw new McpConfigurationException(server, "Option '" + option + "' of MCP server '" + server
                + "' needs a map; use " + option + ".<KEY>=value");
    }

    private static long duration(String server, String option, Object value) {
        return McpDurations.toMillis(value, server, "servers." + server + "." + option);
    }

    private static long integer(String server, String option, Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        String text = scalar(server, option, value);
        try {
            long number = Long.parseLong(text == null ? "" : text.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new McpConfigurationException(server, "Option '" + option + "' of MCP server '" + server
                + "' needs a whole number >= 0, got '" + text + "'");
    }

    /** Only true or false: "ture" must not silently mean false. */
    private static boolean bool(String server, String option, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = scalar(server, option, value);
        if ("true".equalsIgnoreCase(text == null ? null : text.trim())) {
            return true;
        }
        if ("false".equalsIgnoreCase(text == null ? null : text.trim())) {
            return false;
        }
        throw new McpConfigurationException(server, "Option '" + option + "' of MCP server '" + server
                + "' needs true or false, got '" + text + "'");
    }

    /** A single value; a list or map given where one value belongs is an error, not its toString(). */
    private static String scalar(String server, String option, Object value) {
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            throw new McpConfigurationException(server, "Option '" + option + "' of MCP server '" + server
                    + "' needs a single value, got " + value);
        }
        return value == null ? null : String.valueOf(value);
    }

    private static String normalize(String option) {
        return option.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** " (did you mean allowedTools?)" for a name close to a valid option, else "". */
    private static String suggestion(String normalized) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : OPTIONS) {
            int distance = editDistance(normalized, normalize(candidate.replace(".<NAME>", "").replace(".<Name>", "")));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(1, normalized.length() / 4) ? " (did you mean " + best + "?)" : "";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
