package io.camelagents.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One named MCP server, defined once and shared by every {@code mcp:<name>/...} endpoint.
 * <p>
 * Define it with properties ({@code camel.component.mcp.servers.<name>.command=...}), as a registry bean of this
 * type (the bean name is the server name unless {@link #setName(String)} is set), or in a Claude-Desktop-style JSON
 * file ({@code camel.component.mcp.servers-file}).
 */
public class McpServerDefinition {

    /** Server names become URI paths: keep them simple. */
    public static final Pattern NAME_PATTERN = Pattern.compile("^[A-Za-z0-9_\\-.]{1,64}$");

    /** Environment variables a stdio server inherits from the JVM when nothing else is configured. */
    public static final List<String> DEFAULT_INHERITED_ENV = List.of("PATH", "HOME");

    private String name;
    private McpTransportType transport;
    // stdio
    private String command;
    private List<String> args = new ArrayList<>();
    private Map<String, String> env = new LinkedHashMap<>();
    private List<String> inheritEnv = new ArrayList<>(DEFAULT_INHERITED_ENV);
    private String workingDir;
    private int stderrLinesPerMinute = 60;
    // HTTP
    private String url;
    private String endpoint;
    private Map<String, String> headers = new LinkedHashMap<>();
    private long connectTimeout = 10_000;
    // both
    private long requestTimeout = 30_000;
    private long initializationTimeout = 60_000;
    private long shutdownTimeout = 3_000;
    private List<String> allowedTools = new ArrayList<>();
    private List<String> deniedTools = new ArrayList<>();
    private boolean lazyStart = true;

    /** A deep copy, so that a definition shared through the registry is never changed by the component. */
    public McpServerDefinition copy() {
        McpServerDefinition copy = new McpServerDefinition();
        copy.name = name;
        copy.transport = transport;
        copy.command = command;
        copy.args = new ArrayList<>(args);
        copy.env = new LinkedHashMap<>(env);
        copy.inheritEnv = new ArrayList<>(inheritEnv);
        copy.workingDir = workingDir;
        copy.stderrLinesPerMinute = stderrLinesPerMinute;
        copy.url = url;
        copy.endpoint = endpoint;
        copy.headers = new LinkedHashMap<>(headers);
        copy.connectTimeout = connectTimeout;
        copy.requestTimeout = requestTimeout;
        copy.initializationTimeout = initializationTimeout;
        copy.shutdownTimeout = shutdownTimeout;
        copy.allowedTools = new ArrayList<>(allowedTools);
        copy.deniedTools = new ArrayList<>(deniedTools);
        copy.lazyStart = lazyStart;
        return copy;
    }

    /** The transport, inferred from {@code command} (stdio) or {@code url} (streamable HTTP) when not set. */
    public McpTransportType effectiveTransport() {
        if (transport != null) {
            return transport;
        }
        if (command != null && !command.isBlank()) {
            return McpTransportType.stdio;
        }
        return url != null && !url.isBlank() ? McpTransportType.streamableHttp : null;
    }

    /** The HTTP endpoint path, defaulting to {@code /mcp} (streamable HTTP) or {@code /sse}. */
    public String effectiveEndpoint() {
        if (endpoint != null && !endpoint.isBlank()) {
            return endpoint;
        }
        return effectiveTransport() == McpTransportType.sse ? "/sse" : "/mcp";
    }

    /**
     * Checks that the definition can be used, with messages that say what to fix.
     *
     * @throws IllegalArgumentException when it cannot
     */
    public void validate() {
        String where = "MCP server '" + name + "'";
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid MCP server name '" + name + "': use 1-64 letters, digits, '_', '-' or '.'");
        }
        McpTransportType type = effectiveTransport();
        if (type == null) {
            throw new IllegalArgumentException(where + " has neither a command (stdio) nor a url (HTTP): set servers."
                    + name + ".command or servers." + name + ".url");
        }
        if (type == McpTransportType.stdio) {
            if (command == null || command.isBlank()) {
                throw new IllegalArgumentException(where + " uses transport stdio but has no command: set servers." + name + ".command");
            }
            if (workingDir != null && !Files.isDirectory(Path.of(workingDir))) {
                throw new IllegalArgumentException(where + ": workingDir " + workingDir + " is not a directory");
            }
        } else {
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException(where + " uses transport " + type
                        + " and needs an http:// or https:// url: set servers." + name + ".url");
            }
            if (!effectiveEndpoint().startsWith("/")) {
                throw new IllegalArgumentException(where + ": endpoint must start with '/', got " + endpoint);
            }
        }
        if (requestTimeout <= 0 || initializationTimeout <= 0 || connectTimeout <= 0 || shutdownTimeout <= 0) {
            throw new IllegalArgumentException(where + ": timeouts must be positive");
        }
    }

    @Override
    public String toString() {
        // Never print env values or header values: they carry secrets.
        return "McpServerDefinition[name=" + name + ", transport=" + effectiveTransport()
                + (command != null ? ", command=" + command + ", args=" + args : "")
                + (url != null ? ", url=" + url + effectiveEndpoint() : "")
                + ", env=" + env.keySet() + ", headers=" + headers.keySet() + "]";
    }

    public String getName() {
        return name;
    }

    /** The server name used in {@code mcp:<name>/<tool>}. */
    public void setName(String name) {
        this.name = name;
    }

    public McpTransportType getTransport() {
        return transport;
    }

    /** stdio, streamableHttp or sse; inferred from command / url when not set. */
    public void setTransport(McpTransportType transport) {
        this.transport = transport;
    }

    public String getCommand() {
        return command;
    }

    /** The program to start for stdio (e.g. {@code npx}, {@code node}, {@code java}), looked up on the JVM's PATH. */
    public void setCommand(String command) {
        this.command = command;
    }

    public List<String> getArgs() {
        return args;
    }

    /** The program's arguments. */
    public void setArgs(List<String> args) {
        this.args = args != null ? new ArrayList<>(args) : new ArrayList<>();
    }

    public Map<String, String> getEnv() {
        return env;
    }

    /** Environment variables given to the stdio server. Values are treated as secrets and never logged. */
    public void setEnv(Map<String, String> env) {
        this.env = env != null ? new LinkedHashMap<>(env) : new LinkedHashMap<>();
    }

    public List<String> getInheritEnv() {
        return inheritEnv;
    }

    /**
     * Names of JVM environment variables the stdio server inherits (default PATH, HOME); {@code *} inherits all.
     * Everything else in the JVM's environment stays hidden from the child process.
     */
    public void setInheritEnv(List<String> inheritEnv) {
        this.inheritEnv = inheritEnv != null ? new ArrayList<>(inheritEnv) : new ArrayList<>();
    }

    public String getWorkingDir() {
        return workingDir;
    }

    /** Working directory of the stdio server (default: the JVM's). */
    public void setWorkingDir(String workingDir) {
        this.workingDir = workingDir;
    }

    public int getStderrLinesPerMinute() {
        return stderrLinesPerMinute;
    }

    /** How many stderr lines of the stdio server are logged per minute; the rest are counted and summarised. */
    public void setStderrLinesPerMinute(int stderrLinesPerMinute) {
        this.stderrLinesPerMinute = stderrLinesPerMinute;
    }

    public String getUrl() {
        return url;
    }

    /** Base URL of an HTTP server, e.g. {@code http://127.0.0.1:3001}. */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getEndpoint() {
        return endpoint;
    }

    /** Path of the MCP endpoint below the URL (default {@code /mcp}, or {@code /sse} for sse). */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    /** HTTP headers sent with every request, e.g. {@code Authorization}. Values are secrets and never logged. */
    public void setHeaders(Map<String, String> headers) {
        this.headers = headers != null ? new LinkedHashMap<>(headers) : new LinkedHashMap<>();
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /** HTTP connect timeout in milliseconds. */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    /** Default time in milliseconds to wait for each answer (endpoints may override it). */
    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public long getInitializationTimeout() {
        return initializationTimeout;
    }

    /** Time in milliseconds for start-up and the initialize handshake (a first {@code npx} download can take 15 s). */
    public void setInitializationTimeout(long initializationTimeout) {
        this.initializationTimeout = initializationTimeout;
    }

    public long getShutdownTimeout() {
        return shutdownTimeout;
    }

    /** Time in milliseconds a stdio server gets to exit after its stdin closes, before its process tree is killed. */
    public void setShutdownTimeout(long shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public List<String> getAllowedTools() {
        return allowedTools;
    }

    /**
     * Tools that may be called ({@code *} wildcards allowed). Empty: tools named in endpoint URIs are allowed, tool
     * names from the {@code CamelMcpToolName} header are refused.
     */
    public void setAllowedTools(List<String> allowedTools) {
        this.allowedTools = allowedTools != null ? new ArrayList<>(allowedTools) : new ArrayList<>();
    }

    public List<String> getDeniedTools() {
        return deniedTools;
    }

    /** Tools that may never be called ({@code *} wildcards allowed); wins over allowedTools. */
    public void setDeniedTools(List<String> deniedTools) {
        this.deniedTools = deniedTools != null ? new ArrayList<>(deniedTools) : new ArrayList<>();
    }

    public boolean isLazyStart() {
        return lazyStart;
    }

    /** True (default): connect on the first call. False: connect when the component starts and fail start-up if that fails. */
    public void setLazyStart(boolean lazyStart) {
        this.lazyStart = lazyStart;
    }
}
