package io.camelagents.endpointdsl;

/**
 * Mix into an {@code EndpointRouteBuilder} ({@code class Routes extends EndpointRouteBuilder implements
 * AgentEndpointBuilders}) to write {@code pilot("events")} and {@code mcp("database/query")} in its routes.
 */
public interface AgentEndpointBuilders extends PilotEndpointBuilderFactory.PilotBuilders, McpEndpointBuilderFactory.McpBuilders {
}
