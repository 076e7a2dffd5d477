package io.camelagents.examples.research;

import io.camelagents.mcp.McpConstants;
import org.apache.camel.builder.RouteBuilder;

/**
 * The research agent, Java DSL (the same route as {@code camel/research-agent.camel.yaml}): accept a task from a
 * peer, look the topic up in a real database through the MCP server {@code database} (parameterised tool), read
 * the team's note through a second MCP server {@code notes}, answer with a summary, and announce
 * {@code research.completed} on the agent's event stream. Needs bean {@code researchSteps} and property
 * {@code agent.socket}.
 */
public class ResearchAgentRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from("pilot:task?socketPath={{agent.socket}}").routeId("research-agent")
                .setHeader("researchTopic").method("researchSteps", "topic")
                .setBody().method("researchSteps", "databaseArguments(${header.researchTopic})")
                .to("mcp:database/papers_by_topic?resultMode=json")
                .setProperty("papers", body())
                .setBody().method("researchSteps", "notesArguments(${header.researchTopic})")
                .to("mcp:notes/read_text_file?failOnToolError=false")
                .setProperty("notes", body())
                .setProperty("notesMissing", header(McpConstants.IS_ERROR))
                .setBody().method("researchSteps", "summary")
                .setProperty("summary", body())
                .setBody().method("researchSteps", "completedEvent")
                .to("pilot:events?topic=research.completed&socketPath={{agent.socket}}")
                .setBody(exchangeProperty("summary"));
    }
}
