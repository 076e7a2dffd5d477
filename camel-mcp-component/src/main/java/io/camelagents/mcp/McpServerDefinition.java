package io.camelagents.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.camelagents.mcp.internal.SecretMasker;

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
    private boolean lazyStart;
    /** Options set through properties or a JSON file, in order: replayed when properties override a server. */
    private Map<String, Object> boundOptions = new LinkedHashMap<>();

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
        copy.boundOptions = new LinkedHashMap<>(boundOptions);
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

    /**
     * The path appended to the URL: {@code endpoint} as set (may be empty: the URL is then the full address), else
     * {@code /mcp} (streamable HTTP) or {@code /sse}.
     */
    public String effectiveEndpoint() {
        if (endpoint != null) {
            return endpoint.trim();
        }
        return effectiveTransport() == McpTransportType.sse ? "/sse" : "/mcp";
    }

    /**
     * The full address of the MCP endpoint: the URL's path is kept as a prefix and the endpoint appended, so
     * {@code url=http://host:8080/some/prefix} reaches {@code http://host:8080/some/prefix/mcp}; the URL's query goes
     * last.
     *
     * @throws McpConfigurationException when the URL is not a valid http(s) URL
     */
    public URI endpointUri() {
        URI base = parseUrl();
        String suffix = effectiveEndpoint();
        if (suffix.isEmpty()) {
            return base;
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String query = base.getRawQuery() == null ? "" : (suffix.contains("?") ? "&" : "?") + base.getRawQuery();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + suffix + query);
    }

    /** {@link #endpointUri()} for messages and logs: user-info and query values replaced by xxxxxx. */
    public String describeEndpoint() {
        URI uri = endpointUri();
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = "xxxxxx@" + authority.substring(at + 1);
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery().replaceAll("=[^&]*", "=xxxxxx");
        return uri.getScheme() + "://" + authority + (uri.getRawPath() == null ? "" : uri.getRawPath()) + query;
    }

    private URI parseUrl() {
        String where = "MCP server '" + name + "'";
        String fix = ": set servers." + name + ".url to http(s)://host[:port][/prefix], e.g. http://127.0.0.1:3001";
        if (url == null || url.isBlank()) {
            throw new McpConfigurationException(name, where + " uses transport " + effectiveTransport()
                    + " and has no url" + fix);
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new McpConfigurationException(name, where + ": url '" + url + "' is not a valid URL ("
                    + e.getMessage() + ")" + fix, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new McpConfigurationException(name, where + ": url '" + url + "' is not an http:// or https:// URL" + fix);
        }
        if (uri.getHost() == null) {
            throw new McpConfigurationException(name, where + ": url '" + url + "' has no host" + fix);
        }
        return uri;
    }

    /**
     * Checks that the definition can be used, with messages that say what to fix.
     *
     * @throws McpConfigurationException when it cannot
     */
    public void validate() {
        String where = "MCP server '" + name + "'";
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw new McpConfigurationException(name, "Invalid MCP server name '" + name
                    + "': use 1-64 letters, digits, '_', '-' or '.'");
        }
        McpTransportType type = effectiveTransport();
        if (type == null) {
            throw new McpConfigurationException(name, where + " has neither a command (stdio) nor a url (HTTP): set"
                    + " servers." + name + ".command or servers." + name + ".url");
        }
        if (type == McpTransportType.stdio) {
            if (command == null || command.isBlank()) {
                throw new McpConfigurationException(name, where + " uses transport stdio but has no command: set servers."
                        + name + ".command");
            }
            if (workingDir != null && !Files.isDirectory(Path.of(workingDir))) {
                throw new McpConfigurationException(name, where + ": workingDir " + workingDir
                        + " is not a directory: create it or fix servers." + name + ".workingDir");
            }
        } else {
            String path = effectiveEndpoint();
            if (!path.isEmpty() && !path.startsWith("/")) {
                throw new McpConfigurationException(name, where + ": endpoint must start with '/' (or be empty when"
                        + " the url is the full address), got '" + endpoint + "': fix servers." + name + ".endpoint");
            }
            endpointUri(); // checks the url
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("initializationTimeout", initializationTimeout);
        requirePositive("shutdownTimeout", shutdownTimeout);
        if (stderrLinesPerMinute < 0) {
            throw new McpConfigurationException(name, where + ": stderrLinesPerMinute must be >= 0, got "
                    + stderrLinesPerMinute);
        }
    }

    private void requirePositive(String option, long millis) {
        if (millis <= 0) {
            throw new McpConfigurationException(name, "MCP server '" + name + "': " + option + " must be positive, got "
                    + millis + " ms: set servers." + name + "." + option + " to e.g. 30s");
        }
    }

    @Override
    public String toString() {
        // Never print env values or header values: they carry secrets; args and the URL may repeat them.
        SecretMasker masker = SecretMasker.of(this);
        String address;
        try {
            address = url != null ? describeEndpoint() : null;
        } catch (McpConfigurationException invalid) {
            address = "(invalid url)";
        }
        return "McpServerDefinition[name=" + name + ", transport=" + effectiveTransport()
                + (command != null ? ", command=" + masker.mask(command) + ", args=" + masker.mask(String.valueOf(args)) : "")
                + (address != null ? ", url=" + masker.mask(address) : "")
                + ", env=" + env.keySet() + ", headers=" + headers.keySet() + ", lazyStart=" + lazyStart + "]";
    }

    /** The options bound by name (camel.component.mcp.servers.NAME.OPTION or a JSON entry) and their values. */
    public Map<String, Object> boundOptions() {
        return boundOptions;
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

    /**
     * Base URL of an HTTP server, e.g. {@code http://127.0.0.1:3001}; a path is kept as a prefix of the endpoint
     * ({@code http://host/some/prefix} + {@code /mcp}).
     */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getEndpoint() {
        return endpoint;
    }

    /**
     * Path of the MCP endpoint appended to the URL (default {@code /mcp}, or {@code /sse} for sse); empty when the
     * URL already is the full address.
     */
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

    /** HTTP connect timeout in milliseconds (properties and JSON also take 10s, 2m, PT10S). */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    /** Default time in milliseconds to wait for each answer (endpoints may override it); properties take 30s too. */
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

    /**
     * False (default): connect when the component starts, so a wrong command or an unreachable URL fails start-up.
     * True: connect on the first call (start-up succeeds even when the server is down).
     */
    public void setLazyStart(boolean lazyStart) {
        this.lazyStart = lazyStart;
    }
}
