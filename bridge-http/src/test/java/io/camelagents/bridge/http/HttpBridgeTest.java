package io.camelagents.bridge.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelagents.bridge.BridgeHeaders;
import io.camelagents.bridge.BridgeTestSupport;
import io.camelagents.brokers.FreePorts;
import io.camelagents.pilot.PilotConstants;
import io.camelagents.pilot.PilotReadiness;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * http-to-pilot-task and pilot-to-webhook with a real Vert.x HTTP server on 127.0.0.1 and two real daemons:
 * node B executes tasks, node A is where the bridges run.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "http")
class HttpBridgeTest {

    @Test
    void httpPostBecomesATaskAndEventsReachTheWebhookDespiteFailures(LocalPilotNetwork network) throws Exception {
        PilotNode a = network.node(0);
        PilotNode b = network.node(1);
        int port = FreePorts.tcp();
        CamelContext context = new DefaultCamelContext();
        BridgeTestSupport.configurePilot(context);
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(http));
        context.addRoutes(new HttpPilotBridges());

        Set<String> hooked = ConcurrentHashMap.newKeySet();
        AtomicInteger hookCalls = new AtomicInteger();
        AtomicInteger hookFailures = new AtomicInteger();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the agent on B
                from("pilot:task?socketPath=" + b.socketPath()).routeId("agent-on-b")
                        .choice()
                            .when(body().convertToString().isEqualTo("explode")).throwException(new IllegalStateException("boom"))
                            .otherwise().setBody(simple("answer to ${body}"));
                // the webhook receiver: every third call fails with 500 so the bridge has to retry
                from("platform-http:/hook?httpMethodRestrict=POST").routeId("webhook-receiver")
                        .process(e -> {
                            if (hookCalls.incrementAndGet() % 3 == 0) {
                                hookFailures.incrementAndGet();
                                e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
                                e.getMessage().setBody("try again");
                                return;
                            }
                            hooked.add(e.getIn().getHeader(BridgeHeaders.HTTP_PILOT_TOPIC) + "|"
                                    + e.getIn().getHeader(BridgeHeaders.HTTP_PILOT_BROKER) + "|" + e.getIn().getBody(String.class));
                            e.getMessage().setBody("ok");
                        });
            }
        });
        context.start();
        try {
            TemplatedRouteBuilder.builder(context, HttpPilotBridges.HTTP_TO_TASK_ID).routeId("http-tasks")
                    .parameter("path", "/tasks").parameter("peer", b.hostname())
                    .parameter("socketPath", a.socketPath().toString()).parameter("taskTimeout", "30000").add();
            TemplatedRouteBuilder.builder(context, HttpPilotBridges.WEBHOOK_ID).routeId("hook")
                    .parameter("pilotTopic", "hook.*").parameter("socketPath", a.socketPath().toString())
                    .parameter("webhookUrl", "http://127.0.0.1:" + port + "/hook").parameter("contentType", "text/plain")
                    .parameter("retryDelay", "100").add();
            PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = client.send(post(port, "/tasks", "question " + i), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("answer to question " + i, r.body());
                assertEquals("SUCCEEDED", r.headers().firstValue(BridgeHeaders.HTTP_PILOT_TASK_STATUS).orElse(null));
                assertTrue(r.headers().firstValue(BridgeHeaders.HTTP_PILOT_TASK_ID).isPresent());
            }
            HttpResponse<String> failed = client.send(post(port, "/tasks", "explode"), HttpResponse.BodyHandlers.ofString());
            assertEquals(502, failed.statusCode(), failed.body());
            assertTrue(failed.body().startsWith("task FAILED"), failed.body());
            // a header from the HTTP client cannot redirect the task to another peer
            HttpResponse<String> steered = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/tasks"))
                    .header(PilotConstants.PEER, "0:0000.0000.0999").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, steered.statusCode(), steered.body());
            assertEquals(405, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/tasks")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            // the webhook route's subscription is confirmed with probes; the 30 events published after that must
            // all reach the webhook, because every failed call (every third) is followed by a successful retry
            ProducerTemplate template = context.createProducerTemplate();
            String publish = "pilot:events?socketPath=" + a.socketPath();
            PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader(publish, BridgeTestSupport.PROBE, PilotConstants.TOPIC, "hook.probe"),
                    () -> hooked.stream().anyMatch(h -> h.startsWith("hook.probe|")), Duration.ofSeconds(60));
            for (int i = 0; i < 30; i++) {
                template.sendBodyAndHeader(publish, "e" + i, PilotConstants.TOPIC, "hook.test");
            }
            String prefix = "hook.test|" + a.address() + "|e";
            await("30 events at the webhook").atMost(Duration.ofSeconds(120))
                    .until(() -> hooked.stream().filter(h -> h.startsWith(prefix)).count() == 30);
            assertTrue(hooked.contains(prefix + "0"), hooked.toString());
            assertTrue(hookFailures.get() >= 10, "every third call failed and was retried: " + hookFailures.get() + " failures");
            System.out.printf("webhook: 30 events (and probes) delivered in %d calls, %d answered 500%n", hookCalls.get(), hookFailures.get());
        } finally {
            context.stop();
        }
    }

    private static HttpRequest post(int port, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
