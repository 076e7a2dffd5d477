package io.camelagents.mcp.springboot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One named MCP server, {@code camel.component.mcp.servers.<name>.*}: the options of the component's
 * McpServerPropertiesBinder, typed for application.yaml. An option left unset keeps the component's default; the
 * auto-configuration hands every set option to that binder, so values are checked exactly as in camel-main.
 */
public class McpServerProperties {

    /** stdio (a child process), streamableHttp or sse. Default: stdio when command is set, streamableHttp when url is set. */
    private String transport;
    /** stdio: the executable to start (no shell). */
    private String command;
    /** stdio: its arguments. */
    private List<String> args;
    /**
     * stdio: environment variables of the child process (secrets; masked in logs). Keys with underscores need
     * brackets in YAML: {@code "[GITHUB_TOKEN]": ...}.
     */
    private Map<String, String> env;
    /** stdio: names of JVM environment variables the child inherits. Default: PATH, HOME. */
    private List<String> inheritEnv;
    /** stdio: working directory of the child process. */
    private String workingDir;
    /** stdio: stderr lines per minute copied to the log. Default: 60. */
    private Integer stderrLinesPerMinute;
    /** HTTP: base URL of the server. */
    private String url;
    /** HTTP: endpoint path below url. Default: /mcp (streamableHttp), /sse (sse). */
    private String endpoint;
    /** HTTP: request headers (secrets; masked in logs). */
    private Map<String, String> headers;
    /** HTTP: connect timeout. Default: 10s. */
    private Duration connectTimeout;
    /** Per-call timeout of this server. Default: 30s. */
    private Duration requestTimeout;
    /** Timeout of the MCP initialize handshake. Default: 60s. */
    private Duration initializationTimeout;
    /** How long a stopping stdio server gets before it is killed. Default: 3s. */
    private Duration shutdownTimeout;
    /** Tools routes may call (empty: every tool the deny-list lets through). */
    private List<String> allowedTools;
    /** Tools routes may never call. */
    private List<String> deniedTools;
    /** Connect on first use instead of at component start. Default: false. */
    private Boolean lazyStart;

    /** The options that were set, by their McpServerPropertiesBinder name, in declaration order. */
    public Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        put(options, "transport", transport);
        put(options, "command", command);
        put(options, "args", args);
        put(options, "env", env);
        put(options, "inheritEnv", inheritEnv);
        put(options, "workingDir", workingDir);
        put(options, "stderrLinesPerMinute", stderrLinesPerMinute);
        put(options, "url", url);
        put(options, "endpoint", endpoint);
        put(options, "headers", headers);
        put(options, "connectTimeout", connectTimeout);
        put(options, "requestTimeout", requestTimeout);
        put(options, "initializationTimeout", initializationTimeout);
        put(options, "shutdownTimeout", shutdownTimeout);
        put(options, "allowedTools", allowedTools);
        put(options, "deniedTools", deniedTools);
        put(options, "lazyStart", lazyStart);
        return options;
    }

    private static void put(Map<String, Object> options, String name, Object value) {
        if (value != null) {
            options.put(name, value);
        }
    }

    public String getTransport() {
        return transport;
    }

    public void setTransport(String transport) {
        this.transport = transport;
    }

    public String getCommand() {
        return command;
    }

    public void setCommand(String command) {
        this.command = command;
    }

    public List<String> getArgs() {
        return args;
    }

    public void setArgs(List<String> args) {
        this.args = args;
    }

    public Map<String, String> getEnv() {
        return env;
    }

    public void setEnv(Map<String, String> env) {
        this.env = env;
    }

    public List<String> getInheritEnv() {
        return inheritEnv;
    }

    public void setInheritEnv(List<String> inheritEnv) {
        this.inheritEnv = inheritEnv;
    }

    public String getWorkingDir() {
        return workingDir;
    }

    public void setWorkingDir(String workingDir) {
        this.workingDir = workingDir;
    }

    public Integer getStderrLinesPerMinute() {
        return stderrLinesPerMinute;
    }

    public void setStderrLinesPerMinute(Integer stderrLinesPerMinute) {
        this.stderrLinesPerMinute = stderrLinesPerMinute;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    public void setHeaders(Map<String, String> headers) {
        this.headers = headers;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getInitializationTimeout() {
        return initializationTimeout;
    }

    public void setInitializationTimeout(Duration initializationTimeout) {
        this.initializationTimeout = initializationTimeout;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public List<String> getAllowedTools() {
        return allowedTools;
    }

    public void setAllowedTools(List<String> allowedTools) {
        this.allowedTools = allowedTools;
    }

    public List<String> getDeniedTools() {
        return deniedTools;
    }

    public void setDeniedTools(List<String> deniedTools) {
        this.deniedTools = deniedTools;
    }

    public Boolean getLazyStart() {
        return lazyStart;
    }

    public void setLazyStart(Boolean lazyStart) {
        this.lazyStart = lazyStart;
    }
}
