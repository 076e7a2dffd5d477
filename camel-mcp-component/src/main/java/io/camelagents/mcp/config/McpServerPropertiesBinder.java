package io.camelagents.mcp.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.McpTransportType;
import org.apache.camel.util.TimeUtils;

/**
 * Applies flat {@code <server>.<option>} properties (from {@code camel.component.mcp.servers.<server>.<option>})
 * onto server definitions. Explicit code instead of reflection: every option is listed, unknown ones fail with
 * the list of valid names, and env / header keys keep their case.
 */
public final class McpServerPropertiesBinder {

    static final List<String> OPTIONS = List.of("transport", "command", "args", "env.<NAME>", "inheritEnv",
            "workingDir", "stderrLinesPerMinute", "url", "endpoint", "headers.<Name>", "connectTimeout",
            "requestTimeout", "initializationTimeout", "shutdownTimeout", "allowedTools", "deniedTools", "lazyStart");

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpServerPropertiesBinder() {
    }

    /**
     * @param key        {@code <server>.<option>}, e.g. {@code github.headers.Authorization}
     * @param definition looks up or creates the definition of a server name
     */
    public static void bind(String key, Object value, Function<String, McpServerDefinition> definition) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            throw new IllegalArgumentException("Invalid MCP server property 'servers." + key
                    + "': expected camel.component.mcp.servers.<name>.<option>, options: " + OPTIONS);
        }
        String server = key.substring(0, dot);
        McpServerDefinition target = definition.apply(server);
        applyOption(server, target, key.substring(dot + 1), value);
    }

    /** Sets one option (e.g. {@code command}, {@code env.TOKEN}, {@code args[0]}) on a definition. */
    public static void applyOption(String server, McpServerDefinition target, String option, Object value) {
        String lower = option.toLowerCase(Locale.ROOT);
        if (lower.startsWith("env.")) {
            target.getEnv().put(option.substring(4), text(value));
            return;
        }
        if (lower.startsWith("headers.")) {
            target.getHeaders().put(option.substring(8), text(value));
            return;
        }
        if (lower.startsWith("args[") && lower.endsWith("]")) {
            int index = Integer.parseInt(option.substring(5, option.length() - 1).trim());
            List<String> args = target.getArgs();
            while (args.size() <= index) {
                args.add("");
            }
            args.set(index, text(value));
            return;
        }
        String normalized = lower.replace("-", "").replace("_", "");
        switch (normalized) {
            case "name" -> target.setName(text(value));
            case "transport", "type", "transporttype" -> target.setTransport(transport(server, text(value)));
            case "command" -> target.setCommand(text(value));
            case "args" -> target.setArgs(list(value));
            case "env" -> target.setEnv(stringMap(server, option, value));
            case "headers" -> target.setHeaders(stringMap(server, option, value));
            case "inheritenv" -> target.setInheritEnv(list(value));
            case "workingdir", "cwd" -> target.setWorkingDir(text(value));
            case "stderrlinesperminute" -> target.setStderrLinesPerMinute(Integer.parseInt(text(value).trim()));
            case "url" -> target.setUrl(text(value));
            case "endpoint" -> target.setEndpoint(text(value));
            case "connecttimeout" -> target.setConnectTimeout(millis(value));
            case "requesttimeout" -> target.setRequestTimeout(millis(value));
            case "initializationtimeout", "inittimeout" -> target.setInitializationTimeout(millis(value));
            case "shutdowntimeout" -> target.setShutdownTimeout(millis(value));
            case "allowedtools" -> target.setAllowedTools(list(value));
            case "deniedtools" -> target.setDeniedTools(list(value));
            case "lazystart" -> target.setLazyStart(Boolean.parseBoolean(text(value).trim()));
            default -> throw new IllegalArgumentException("Unknown option '" + option + "' for MCP server '" + server
                    + "'. Valid options: " + OPTIONS);
        }
    }

    static McpTransportType transport(String server, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (v) {
            case "stdio" -> McpTransportType.stdio;
            case "streamablehttp", "http" -> McpTransportType.streamableHttp;
            case "sse" -> McpTransportType.sse;
            default -> throw new IllegalArgumentException("Unknown transport '" + value + "' for MCP server '" + server
                    + "': use stdio, streamableHttp or sse");
        };
    }

    /** A list from a List, a JSON array string, or a comma-separated string. */
    static List<String> list(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        String s = text(value).trim();
        if (s.isEmpty()) {
            return new ArrayList<>();
        }
        if (s.startsWith("[")) {
            try {
                return JSON.readValue(s, new TypeReference<List<String>>() {
                });
            } catch (Exception e) {
                throw new IllegalArgumentException("Not a JSON array of strings: " + s, e);
            }
        }
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static Map<String, String> stringMap(String server, String option, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, String> result = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            return result;
        }
        throw new IllegalArgumentException("Option '" + option + "' of MCP server '" + server
                + "' needs a map; use " + option + ".<KEY>=value");
    }

    private static long millis(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return TimeUtils.toMilliSeconds(text(value).trim());
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
