package io.camelagents.starters.it;

import io.camelagents.mcp.McpProgressListener;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A user's application: both starters on the classpath, components configured only in application.yaml. */
@SpringBootApplication
public class AgentsStarterApplication {

    /** Referenced from application.yaml: camel.component.mcp.progress-listener: "#bean:progressLog". */
    @Bean
    McpProgressListener progressLog() {
        return (exchange, progress) -> exchange.getMessage().setHeader("lastProgress", progress);
    }

    @Bean
    RouteBuilder agentRoutes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // No socketPath in the URIs: it comes from camel.component.pilot.socket-path.
                from("pilot:events?topic=starter.*&broker={{agents.test.pilot-broker}}").routeId("watch")
                        .convertBodyTo(String.class)
                        .to("mock:events");
                from("direct:publish").routeId("publish")
                        .to("pilot:events?broker={{agents.test.pilot-broker}}");
                // The server "everything" exists only in application.yaml (camel.component.mcp.servers.everything).
                from("direct:echo").routeId("echo")
                        .to("mcp:everything/echo");
            }
        };
    }
}
