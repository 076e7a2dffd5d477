package io.camelagents.mcp.internal;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.camelagents.mcp.McpConfigurationException;
import io.camelagents.mcp.McpServerDefinition;
import io.camelagents.mcp.McpToolNotAllowedException;

/**
 * A server's allow-list and deny-list, checked before anything is sent.
 * <p>
 * Deny wins. With an allow-list, only matching tools pass. Without one, tools written in endpoint URIs pass (the
 * route author chose them) but tool names taken from a message header are refused: a header can come from outside.
 */
public final class ToolAccessPolicy {

    /** MCP tool name rule (spec 2025-11-25); it has no '/', so {@code mcp:server/tool} is unambiguous. */
    public static final Pattern TOOL_NAME_PATTERN = Pattern.compile("^[A-Za-z0-9_\\-.]{1,128}$");

    private final String serverName;
    private final List<Pattern> allowed;
    private final List<Pattern> denied;

    public ToolAccessPolicy(McpServerDefinition definition) {
        this.serverName = definition.getName();
        this.allowed = definition.getAllowedTools().stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(ToolAccessPolicy::glob).toList();
        this.denied = definition.getDeniedTools().stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(ToolAccessPolicy::glob).toList();
    }

    /**
     * @param fromHeader true when the name came from the {@code CamelMcpToolName} header
     * @throws McpToolNotAllowedException when the tool may not be called (or a header names an invalid tool)
     * @throws McpConfigurationException  when an endpoint URI names an invalid tool
     */
    public void check(String toolName, boolean fromHeader) {
        if (!isValidToolName(toolName)) {
            String problem = "Invalid MCP tool name '" + toolName
                    + "': tool names are 1-128 characters of A-Z, a-z, 0-9, '_', '-' and '.'";
            if (fromHeader) {
                throw new McpToolNotAllowedException(serverName, toolName, problem);
            }
            throw new McpConfigurationException(serverName, problem);
        }
        if (matchesAny(denied, toolName)) {
            throw new McpToolNotAllowedException(serverName, toolName, "it is in deniedTools");
        }
        if (!allowed.isEmpty()) {
            if (!matchesAny(allowed, toolName)) {
                throw new McpToolNotAllowedException(serverName, toolName, "it is not in allowedTools");
            }
        } else if (fromHeader) {
            throw new McpToolNotAllowedException(serverName, toolName,
                    "tool names from the CamelMcpToolName header need an allowedTools list on the server");
        }
    }

    /** Whether {@code listTools} should show the tool: not denied, and allow-listed when there is an allow-list. */
    public boolean isVisible(String toolName) {
        return !matchesAny(denied, toolName) && (allowed.isEmpty() || matchesAny(allowed, toolName));
    }

    public static boolean isValidToolName(String toolName) {
        return toolName != null && TOOL_NAME_PATTERN.matcher(toolName).matches();
    }

    private static boolean matchesAny(List<Pattern> patterns, String toolName) {
        for (Pattern p : patterns) {
            if (p.matcher(toolName).matches()) {
                return true;
            }
        }
        return false;
    }

    /** {@code *} matches any run of characters; everything else is literal. */
    private static Pattern glob(String glob) {
        List<String> literalParts = Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).toList();
        return Pattern.compile(String.join(".*", literalParts));
    }
}
