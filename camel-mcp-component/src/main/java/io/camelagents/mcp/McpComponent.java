package io.camelagents.mcp;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelagents.mcp.config.ClaudeDesktopConfigReader;
import io.camelagents.mcp.config.McpServerPropertiesBinder;
import io.camelagents.mcp.internal.McpServerConnection;
import io.camelagents.mcp.internal.ToolAccessPolicy;
import io.camelagents.mcp.metrics.McpMetrics;
import io.camelagents.mcp.metrics.MetricsBinding;
import io.modelcontextprotocol.json.McpJsonDefaults;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mcp:} component: owns the named MCP server definitions and one shared connection per server.
 */
@Component("mcp")
@ManagedResource(description = "MCP component: servers, child pids, tools, allow-lists, last errors")
public class McpComponent extends HealthCheckComponent {

    private static final Logger LOG = LoggerFactory.getLogger(McpComponent.class);
    private static final String CLIENT_VERSION = "0.1.0";

    @Metadata(label = "common", description = "MCP servers by name, as camel.component.mcp.servers.NAME.OPTION properties"
            + " (transport, command, args, env.VAR, inheritEnv, workingDir, url, endpoint, headers.HEADER,"
            + " connectTimeout, requestTimeout, initializationTimeout, shutdownTimeout, allowedTools, deniedTools,"
            + " lazyStart, stderrLinesPerMinute). Durations take 30s, 2m, PT30S or milliseconds. An unknown option"
            + " fails start-up. Servers connect when the component starts (a wrong command or unreachable url fails"
            + " start-up) unless lazyStart=true. Env and header values are secrets.")
    private Map<String, McpServerDefinition> servers = new LinkedHashMap<>();

    @Metadata(label = "common", description = "A Claude-Desktop-style JSON file (top-level mcpServers object) with more"
            + " server definitions; classpath:, file: or a plain path. Properties with the same server name are"
            + " applied on top.")
    private String serversFile;

    @Metadata(description = "Default endpoint options.")
    private McpConfiguration configuration = new McpConfiguration();

    private final PropertyConfigurer componentConfigurer = new McpDurationOptions.Component();
    private final PropertyConfigurer endpointConfigurer = new McpDurationOptions.Endpoint();
    /** Threads that continue routes after MCP answers (started on first use); route work, not waiting. */
    private static final int COMPLETION_THREADS = 4;
    private final Map<String, McpServerConnection> connections = new ConcurrentHashMap<>();
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final McpArgumentsResolver argumentsResolver = new McpArgumentsResolver(objectMapper);
    private final McpResultMapper resultMapper = new McpResultMapper(objectMapper);
    private volatile Map<String, McpServerDefinition> resolvedDefinitions;
    private ExecutorService ioExecutor;
    /** Where async producers continue their routes, so route work never runs on a transport's reading thread. */
    private volatile ExecutorService completionExecutor;
    private volatile McpMetrics metrics = McpMetrics.NONE;

    public McpComponent() {
    }

    public McpComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String server = remaining;
        String tool = null;
        int slash = remaining.indexOf('/');
        if (slash >= 0) {
            server = remaining.substring(0, slash);
            tool = remaining.substring(slash + 1);
            if (tool.isEmpty()) {
                tool = null;
            }
        }
        McpServerDefinition definition = getServerDefinition(server);
        if (definition == null) {
            throw new McpConfigurationException(server, "Unknown MCP server '" + server + "' in " + uri
                    + ". Define it with camel.component.mcp.servers." + server + ".command (or .url), a"
                    + " McpServerDefinition bean or the servers file. Known servers: " + serverDefinitions().keySet());
        }
        if (tool != null) {
            // Fails fast on a bad name or a tool the server's deny-list / allow-list refuses.
            new ToolAccessPolicy(definition).check(tool, false);
        }
        McpEndpoint endpoint = new McpEndpoint(uri, this, configuration.copy());
        endpoint.setServer(server);
        endpoint.setToolName(tool);
        setProperties(endpoint, parameters);
        McpOperation operation = endpoint.getConfiguration().getOperation();
        if (tool != null && operation != McpOperation.callTool) {
            throw new McpConfigurationException(server, "Endpoint " + uri + " names tool '" + tool + "' but operation is "
                    + operation + ": use mcp:" + server + "?operation=" + operation);
        }
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        metrics = MetricsBinding.lookup(getCamelContext());
        ioExecutor = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "McpServerIO");
        completionExecutor = getCamelContext().getExecutorServiceManager().newFixedThreadPool(this, "McpCompletion",
                COMPLETION_THREADS);
        // Default: a wrong command or an unreachable URL fails start-up here, not on the first message.
        // After a failure Camel stops the component: doStop closes the servers started before the failing one.
        for (McpServerDefinition definition : serverDefinitions().values()) {
            if (!definition.isLazyStart()) {
                connection(definition.getName()).connect();
            }
        }
    }

    /** Component options (camel-main): the generated configurer, with a strict parser for the time option. */
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return componentConfigurer;
    }

    /** Endpoint URI options: the same, so requestTimeout=30 secs fails with a message, not a converter error. */
    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return endpointConfigurer;
    }

    @Override
    protected void doStop() throws Exception {
        // Close every server (stdin EOF, wait, kill the tree) before the IO threads go away.
        List<McpServerConnection> open = new ArrayList<>(connections.values());
        connections.clear();
        for (McpServerConnection connection : open) {
            connection.stop();
        }
        if (ioExecutor != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(ioExecutor, 5000);
            ioExecutor = null;
        }
        if (completionExecutor != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(completionExecutor, 5000);
            completionExecutor = null;
        }
        resolvedDefinitions = null;
        metrics = McpMetrics.NONE;
        super.doStop();
    }

    /** Continues producers' routes once their MCP request ended (null while the component is stopped). */
    ExecutorService completionExecutor() {
        return completionExecutor;
    }

    /** The shared connection of a server, created on first use. */
    public McpServerConnection connection(String serverName) {
        McpServerDefinition definition = getServerDefinition(serverName);
        if (definition == null) {
            throw new McpConfigurationException(serverName, "Unknown MCP server '" + serverName + "'. Known servers: "
                    + serverDefinitions().keySet());
        }
        if (ioExecutor == null) {
            throw new IllegalStateException("The mcp component is not started");
        }
        return connections.computeIfAbsent(serverName, name -> {
            McpServerConnection connection = new McpServerConnection(definition, McpJsonDefaults.getMapper(),
                    ioExecutor, CLIENT_VERSION);
            connection.onRestarted(() -> metrics.serverRestarted(name));
            return connection;
        });
    }

    /** The connection of a server if one was created (never creates or starts one), or null. */
    public McpServerConnection existingConnection(String serverName) {
        return connections.get(serverName);
    }

    /** The resolved definition of a server, or null. */
    public McpServerDefinition getServerDefinition(String serverName) {
        return serverDefinitions().get(serverName);
    }

    /**
     * All server definitions: the servers file first, then registry beans of type McpServerDefinition, then the
     * {@code servers} properties applied on top (so a property can add a header to a server from the file).
     */
    public Map<String, McpServerDefinition> serverDefinitions() {
        Map<String, McpServerDefinition> defs = resolvedDefinitions;
        if (defs == null) {
            synchronized (this) {
                if (resolvedDefinitions == null) {
                    resolvedDefinitions = resolveDefinitions();
                }
                defs = resolvedDefinitions;
            }
        }
        return defs;
    }

    private Map<String, McpServerDefinition> resolveDefinitions() {
        Map<String, McpServerDefinition> defs = new LinkedHashMap<>();
        if (serversFile != null && !serversFile.isBlank()) {
            CamelContext context = getCamelContext();
            ClaudeDesktopConfigReader reader = new ClaudeDesktopConfigReader(context::resolvePropertyPlaceholders,
                    System.getenv());
            try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, serversFile)) {
                defs.putAll(reader.read(in, serversFile));
            } catch (McpConfigurationException e) {
                throw e;
            } catch (Exception e) {
                throw new McpConfigurationException(null, "Cannot read MCP servers file " + serversFile + ": "
                        + e.getMessage() + ": fix camel.component.mcp.servers-file (classpath:, file: or a path)", e);
            }
        }
        for (Map.Entry<String, McpServerDefinition> bean : getCamelContext().getRegistry()
                .findByTypeWithName(McpServerDefinition.class).entrySet()) {
            McpServerDefinition copy = bean.getValue().copy();
            String name = copy.getName() != null ? copy.getName() : bean.getKey();
            copy.setName(name);
            if (defs.containsKey(name)) {
                LOG.info("MCP server '{}': the registry bean replaces the definition from {}", name, serversFile);
            }
            defs.put(name, copy);
        }
        for (Map.Entry<String, ?> entry : servers.entrySet()) {
            String name = entry.getKey();
            Object value = entry.getValue();
            if (!(value instanceof McpServerDefinition definition)) {
                throw new McpConfigurationException(name, "MCP server '" + name + "' must be a McpServerDefinition, got "
                        + (value == null ? "null" : value.getClass().getName()));
            }
            McpServerDefinition previous = defs.get(name);
            if (previous != null && definition.getCommand() == null && definition.getUrl() == null
                    && definition.getTransport() == null) {
                // Overrides (e.g. servers.github.headers.Authorization, servers.github.lazy-start) for a server from
                // the file or a bean: every option set by a property is applied, none is dropped.
                McpServerDefinition merged = previous.copy();
                merged.getEnv().putAll(definition.getEnv());
                merged.getHeaders().putAll(definition.getHeaders());
                definition.boundOptions().forEach((option, optionValue) ->
                        McpServerPropertiesBinder.applyOption(name, merged, option, optionValue));
                defs.put(name, merged);
            } else {
                McpServerDefinition copy = definition.copy();
                copy.setName(name);
                defs.put(name, copy);
            }
        }
        for (Map.Entry<String, McpServerDefinition> e : defs.entrySet()) {
            e.getValue().setName(e.getKey());
            e.getValue().validate();
        }
        return Collections.unmodifiableMap(defs); // in definition order: servers start in that order
    }

    McpArgumentsResolver argumentsResolver() {
        return argumentsResolver;
    }

    McpResultMapper resultMapper() {
        return resultMapper;
    }

    public Map<String, McpServerDefinition> getServers() {
        return servers;
    }

    public void setServers(Map<String, McpServerDefinition> servers) {
        this.servers = servers != null ? new LinkedHashMap<>(servers) : new LinkedHashMap<>();
        this.resolvedDefinitions = null;
    }

    /** Adds (or replaces) one server definition programmatically. */
    public void addServer(McpServerDefinition definition) {
        servers.put(definition.getName(), definition);
        resolvedDefinitions = null;
    }

    public String getServersFile() {
        return serversFile;
    }

    public void setServersFile(String serversFile) {
        this.serversFile = serversFile;
        this.resolvedDefinitions = null;
    }

    /** The meters producers and server connections record to; {@link McpMetrics#NONE} unless a MeterRegistry was bound. */
    public McpMetrics metrics() {
        return metrics;
    }

    // JMX attributes (camel-management shows them on the component's MBean); the same facts as the mcp dev console.

    @ManagedAttribute(description = "MCP servers and their state (notStarted, connected, disconnected, failed, stopped)")
    public String getServerStates() {
        return joined("state");
    }

    @ManagedAttribute(description = "PID of each running stdio MCP server process")
    public String getServerPids() {
        return joined("pid");
    }

    @ManagedAttribute(description = "Allow-list (allowedTools) of each MCP server; empty: only tools named in endpoint URIs")
    public String getServerAllowedTools() {
        return joined("allowedTools");
    }

    @ManagedAttribute(description = "Tools each connected MCP server offers (minus the hidden ones); asks the servers")
    public String getServerTools() {
        return McpStatus.servers(this, true).stream().filter(s -> s.containsKey("tools"))
                .map(s -> s.get("name") + "=" + s.get("tools")).collect(java.util.stream.Collectors.joining(", "));
    }

    @ManagedAttribute(description = "Last error of each MCP server that had one (secrets masked)")
    public String getServerLastErrors() {
        return joined("lastError");
    }

    private String joined(String fact) {
        return McpStatus.servers(this, false).stream().filter(s -> s.containsKey(fact))
                .map(s -> s.get("name") + "=" + s.get(fact)).collect(java.util.stream.Collectors.joining(", "));
    }

    public McpConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(McpConfiguration configuration) {
        this.configuration = configuration;
    }
}
