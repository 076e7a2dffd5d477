package io.camelagents.mcp.testsupport;

import java.util.Map;

import io.camelagents.mcp.McpComponent;
import io.camelagents.mcp.McpServerDefinition;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A started CamelContext with an {@code mcp} component holding the given servers, and a producer template.
 */
public final class CamelHarness implements AutoCloseable {

    private final CamelContext context;
    private final McpComponent component;
    private final ProducerTemplate template;

    public CamelHarness(McpServerDefinition... servers) throws Exception {
        this(context -> { }, servers);
    }

    /** {@code beforeStart} prepares the context before it starts, e.g. binds a MeterRegistry. */
    public CamelHarness(java.util.function.Consumer<CamelContext> beforeStart, McpServerDefinition... servers) throws Exception {
        context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(10);
        component = new McpComponent();
        for (McpServerDefinition server : servers) {
            component.addServer(server);
        }
        context.addComponent("mcp", component);
        beforeStart.accept(context);
        context.start();
        template = context.createProducerTemplate();
    }

    public CamelContext context() {
        return context;
    }

    public McpComponent component() {
        return component;
    }

    public ProducerTemplate template() {
        return template;
    }

    /** Sends and returns the exchange (exception, if any, is on the exchange). */
    public Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.send(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
        });
    }

    public Exchange send(String uri, Object body) {
        return send(uri, body, Map.of());
    }

    /** Sends and returns the body; any failure is rethrown. */
    public Object request(String uri, Object body) {
        Exchange exchange = send(uri, body);
        if (exchange.getException() != null) {
            throw new AssertionError("Call to " + uri + " failed: " + exchange.getException(), exchange.getException());
        }
        return exchange.getMessage().getBody();
    }

    @Override
    public void close() throws Exception {
        template.close();
        context.close();
    }

    public static McpServerDefinition stdio(String name, java.util.List<String> commandLine) {
        McpServerDefinition d = new McpServerDefinition();
        d.setName(name);
        d.setCommand(commandLine.get(0));
        d.setArgs(commandLine.subList(1, commandLine.size()));
        return d;
    }
}
