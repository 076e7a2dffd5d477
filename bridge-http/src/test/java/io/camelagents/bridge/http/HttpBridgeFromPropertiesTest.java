package io.camelagents.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.brokers.FreePorts;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.junit.jupiter.api.Test;

/**
 * http-to-pilot-task the camel-main way, with no Java of the user's for the bridge: the template comes from
 * camel.main.routesBuilderClasses, the instance from camel.routeTemplate[routeId].* properties. HTTP POST ->
 * pilot-task-action Kamelet on node A -> agent on node B -> HTTP response.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "htp")
class HttpBridgeFromPropertiesTest {

    @Test
    void httpToTaskFromPropertiesOnly(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        int httpPort = FreePorts.tcp();
        Main main = new Main();
        main.addInitialProperty("camel.main.routesBuilderClasses", HttpPilotBridges.class.getName());
        main.addInitialProperty("camel.main.shutdownTimeout", "10");
        main.addInitialProperty("camel.routeTemplate[propsHttp].templateId", HttpPilotBridges.HTTP_TO_TASK_ID);
        main.addInitialProperty("camel.routeTemplate[propsHttp].path", "/props-tasks");
        main.addInitialProperty("camel.routeTemplate[propsHttp].peer", b.hostname());
        main.addInitialProperty("camel.routeTemplate[propsHttp].socketPath", a.socketPath().toString());
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?socketPath=" + b.socketPath()).routeId("agent-on-b").setBody(simple("props says ${body}"));
            }
        });
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
                http.setBindHost("127.0.0.1");
                http.setBindPort(httpPort);
                try {
                    m.getCamelContext().addService(new VertxPlatformHttpServer(http));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            Set<String> routeIds = context.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
            assertTrue(routeIds.contains("propsHttp"), routeIds.toString());
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/props-tasks")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("props says hello", r.body());
            assertEquals("SUCCEEDED", r.headers().firstValue(BridgeHeaders.HTTP_PILOT_TASK_STATUS).orElse(null));
        } finally {
            main.stop();
        }
    }
}
