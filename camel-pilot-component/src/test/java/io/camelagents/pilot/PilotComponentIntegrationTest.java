package io.camelagents.pilot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pilot: endpoints against two REAL daemons (newest generation). Node B is the research agent, node A the
 * requester; each route names its node's socket.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "cmp")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PilotComponentIntegrationTest {
    /** Payload of the probe events that confirm a subscription before the real events are published. */
    private static final String PROBE = "probe";

    private PilotNode a;
    private PilotNode b;
    private String atA;
    private String atB;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeAll
    void network(LocalPilotNetwork network) {
        a = network.node(0);
        b = network.node(1);
        atA = "socketPath=" + a.socketPath();
        atB = "socketPath=" + b.socketPath();
    }

    @BeforeEach
    void camel() throws Exception {
        context = new DefaultCamelContext();
        context.getComponent("pilot", PilotComponent.class).getConfiguration().setShutdownTimeout(5000);
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    private void start(RouteBuilder routes) throws Exception {
        context.addRoutes(routes);
        context.start();
    }

    private void awaitConsumersReady() throws Exception {
        PilotReadiness.awaitConsumers(context, Duration.ofSeconds(60));
    }

    /** Publishes {@code probe} on {@code topic} at B's broker (through B's daemon). */
    private Runnable probeAtB(String topic, String probe) {
        return () -> template.sendBodyAndHeader("pilot:events?" + atB, probe, PilotConstants.TOPIC, topic);
    }

    @Test
    void researchAgentFlowEndToEnd() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?" + atB).routeId("agent")
                        .setBody(simple("findings for ${body}"))
                        .to("pilot:events?topic=research.completed&" + atB);
                from("pilot:events?topic=research.*&broker=" + b.hostname() + "&" + atA).routeId("watcher")
                        .convertBodyTo(String.class)
                        .choice().when(body().isEqualTo(PROBE)).to("mock:probes").otherwise().to("mock:events");
            }
        });
        awaitConsumersReady();
        MockEndpoint probes = context.getEndpoint("mock:probes", MockEndpoint.class);
        MockEndpoint events = context.getEndpoint("mock:events", MockEndpoint.class);
        events.expectedBodiesReceived("findings for quantum batteries");
        events.expectedHeaderReceived(PilotConstants.TOPIC, "research.completed");

        // the real CLI subscribes to B's broker too; both subscriptions are confirmed before the task runs
        try (CliSubscriber cli = CliSubscriber.start(a, b.address(), "research.completed")) {
            PilotReadiness.confirmSubscription(probeAtB("research.completed", PROBE),
                    () -> probes.getReceivedCounter() > 0 && cli.received(PROBE), Duration.ofSeconds(60));

            Exchange reply = template.request("pilot:task?peer=" + b.hostname() + "&" + atA,
                    e -> e.getIn().setBody("quantum batteries"));
            assertEquals(null, reply.getException());
            assertEquals("findings for quantum batteries", reply.getMessage().getBody(String.class));
            assertEquals("SUCCEEDED", reply.getMessage().getHeader(PilotConstants.TASK_STATUS));
            assertEquals(List.of("ACCEPTED", "EXECUTING", "SUCCEEDED"), reply.getMessage().getHeader(PilotConstants.TASK_STATUS_HISTORY));
            assertNotNull(reply.getMessage().getHeader(PilotConstants.TASK_ID));
            events.assertIsSatisfied(30_000);
            assertEquals(b.address(), events.getExchanges().get(0).getIn().getHeader(PilotConstants.BROKER));
            await("the CLI subscriber got the event").atMost(Duration.ofSeconds(30))
                    .until(() -> cli.received("findings for quantum batteries"));
        }
    }

    @Test
    void inOnlyTaskReturnsTheIdAndFailingRouteFailsTheTask() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?" + atB).routeId("failing")
                        .throwException(new IllegalStateException("database at 10.1.2.3 unreachable"));
            }
        });
        awaitConsumersReady();
        Exchange inOnly = template.send("pilot:task?peer=" + b.address() + "&" + atA, e -> e.getIn().setBody("x"));
        assertNotNull(inOnly.getMessage().getHeader(PilotConstants.TASK_ID));
        assertEquals("NEW", inOnly.getMessage().getHeader(PilotConstants.TASK_STATUS));

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBody("pilot:task?peer=" + b.address() + "&" + atA, "y"));
        PilotTaskFailedException failed = assertInstanceOf(PilotTaskFailedException.class, e.getCause());
        assertEquals("FAILED", failed.status());
        assertTrue(failed.justification().contains("IllegalStateException"), failed.justification());
        assertTrue(!failed.justification().contains("10.1.2.3"), "error details stay on the executor by default");
    }

    @Test
    void twentyFiveConcurrentTasks() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?concurrentTasks=8&" + atB).routeId("slow")
                        .delay(200).setBody(simple("done:${body}"));
            }
        });
        awaitConsumersReady();
        List<CompletableFuture<Object>> replies = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            replies.add(template.asyncRequestBody("pilot:task?peer=" + b.hostname() + "&" + atA, "t" + i));
        }
        for (int i = 0; i < 25; i++) {
            assertEquals("done:t" + i, context.getTypeConverter().convertTo(String.class, replies.get(i).get(120, TimeUnit.SECONDS)));
        }
    }

    @Test
    void globFilteringAndAThousandEventsInOrder() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=research.*&broker=" + b.address() + "&" + atA).routeId("glob")
                        .convertBodyTo(String.class)
                        .choice().when(body().isEqualTo(PROBE)).to("mock:probes").otherwise().to("mock:research");
            }
        });
        awaitConsumersReady();
        MockEndpoint probes = context.getEndpoint("mock:probes", MockEndpoint.class);
        PilotReadiness.confirmSubscription(probeAtB("research.probe", PROBE), () -> probes.getReceivedCounter() > 0,
                Duration.ofSeconds(60));
        MockEndpoint research = context.getEndpoint("mock:research", MockEndpoint.class);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add("e" + i);
        }
        research.expectedBodiesReceived(expected);
        String publish = "pilot:events?" + atB;
        for (int i = 0; i < 1000; i++) {
            template.sendBodyAndHeader(publish, "e" + i, PilotConstants.TOPIC, "research.completed");
            if (i % 100 == 0) {
                template.sendBodyAndHeader(publish, "noise" + i, PilotConstants.TOPIC, "data.ready");
            }
        }
        research.assertIsSatisfied(120_000);
    }

    @Test
    void cliPublishAndSendMessageReachOurConsumers() throws Exception {
        Path inbox = b.home().resolve(".pilot/inbox");
        Path received = b.home().resolve(".pilot/received");
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=alerts&" + atB).routeId("alerts").convertBodyTo(String.class).to("mock:alerts");
                from("pilot:data?pollDelay=100&inboxDir=" + inbox + "&receivedDir=" + received + "&" + atB).routeId("inbox")
                        .to("mock:data");
            }
        });
        awaitConsumersReady();
        MockEndpoint alerts = context.getEndpoint("mock:alerts", MockEndpoint.class);
        // the CLI publishes probes until our subscription shows one, then the real alert
        PilotReadiness.confirmSubscription(() -> assertTrue(a.pilotctl("publish", b.address(), "alerts", "--data", PROBE).ok()),
                () -> alerts.getReceivedExchanges().stream().anyMatch(e -> PROBE.equals(e.getIn().getBody())), Duration.ofSeconds(60));
        assertTrue(a.pilotctl("publish", b.address(), "alerts", "--data", "disk full").ok());
        await("the CLI's alert").atMost(Duration.ofSeconds(30))
                .until(() -> alerts.getReceivedExchanges().stream().anyMatch(e -> "disk full".equals(e.getIn().getBody())));

        MockEndpoint data = context.getEndpoint("mock:data", MockEndpoint.class);
        data.expectedMessageCount(3);
        assertTrue(a.pilotctl("send-message", b.hostname(), "--data", "hello from cli").ok());
        template.sendBody("pilot:data?peer=" + b.hostname() + "&dataType=json&" + atA, "{\"q\":1}");
        template.sendBodyAndHeader("pilot:data?peer=" + b.hostname() + "&" + atA, "file-bytes".getBytes(StandardCharsets.UTF_8),
                PilotConstants.FILE_NAME, "report.txt");
        data.assertIsSatisfied(30_000);
        Map<String, Object> byType = new java.util.HashMap<>();
        for (Exchange ex : data.getExchanges()) {
            byType.put(ex.getIn().getHeader(PilotConstants.DATA_TYPE, String.class), ex.getIn().getBody());
            assertEquals(a.address(), ex.getIn().getHeader(PilotConstants.REMOTE_ADDRESS, a.address(), String.class));
        }
        assertEquals("hello from cli", byType.get("text"));
        assertEquals("{\"q\":1}", byType.get("json"));
        assertArrayEquals("file-bytes".getBytes(StandardCharsets.UTF_8), (byte[]) byType.get("file"));
        // delivered messages are removed from the inbox (at-least-once: only after the exchange completed)
        await("inbox emptied").atMost(Duration.ofSeconds(30)).until(() -> isEmptyOfFiles(inbox));

        // our producer publishes, the real CLI subscriber receives
        String publish = "pilot:events?broker=" + b.address() + "&" + atA;
        try (CliSubscriber cli = CliSubscriber.start(a, b.address(), "ops")) {
            PilotReadiness.confirmSubscription(() -> template.sendBodyAndHeader(publish, PROBE, PilotConstants.TOPIC, "ops"),
                    () -> cli.received(PROBE), Duration.ofSeconds(60));
            template.sendBodyAndHeader(publish, "from camel", PilotConstants.TOPIC, "ops");
            await("the CLI got our event").atMost(Duration.ofSeconds(30)).until(() -> cli.received("from camel"));
        }
    }

    private static boolean isEmptyOfFiles(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.noneMatch(Files::isRegularFile);
        }
    }

    @Test
    void streamsDatagramsAndAdmin() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:stream:5100?exchangePattern=InOut&" + atB).routeId("stream")
                        .transform(body().convertToString().append(" back"));
                from("pilot:datagram:5101?" + atB).routeId("dgram").convertBodyTo(String.class).to("mock:dgram");
            }
        });
        awaitConsumersReady();
        String reply = template.requestBody("pilot:stream:5100?peer=" + b.hostname() + "&" + atA, "ping", String.class);
        assertEquals("ping back", reply);

        MockEndpoint dgram = context.getEndpoint("mock:dgram", MockEndpoint.class);
        // datagrams are unreliable: send one per poll until one arrived
        await("a datagram").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            template.sendBody("pilot:datagram:5101?peer=" + b.address() + "&" + atA, "dg");
            return dgram.getReceivedCounter() > 0;
        });
        assertEquals(a.address(), dgram.getExchanges().get(0).getIn().getHeader(PilotConstants.REMOTE_ADDRESS));

        String info = template.requestBody("pilot:admin?operation=info&" + atA, null, String.class);
        assertTrue(info.contains("\"node_id\":" + a.nodeId()), info);
        String resolved = template.requestBody("pilot:admin?operation=resolve&" + atA, b.hostname(), String.class);
        assertTrue(resolved.contains(b.address()), resolved);
        String trusted = template.requestBody("pilot:admin?operation=trusted&" + atA, null, String.class);
        assertTrue(trusted.contains("\"nodeId\":" + b.nodeId()), trusted);
        String waited = template.requestBodyAndHeader("pilot:admin?operation=waitForTrust&peer=" + b.hostname() + "&" + atA,
                null, PilotConstants.OPERATION, "waitForTrust", String.class);
        assertEquals("{\"trusted\":true}", waited);
    }

    @Test
    void malformedFramesFromPeersCloseOnlyThatConnection() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?" + atB).routeId("agent").setBody(simple("ok:${body}"));
                from("pilot:stream:5102?exchangePattern=InOut&maxMessageBytes=1024&" + atB).routeId("s").setBody(constant("fine"));
            }
        });
        awaitConsumersReady();
        try (PilotDriver raw = PilotDriver.connect(a.socketPath().toString())) {
            PilotAddress bAddr = PilotAddress.parse(b.address());
            // task frame announcing 2 GiB of JSON, a truncated frame, and a frame with broken JSON
            byte[][] attacks = {
                {0, 0, 0, 1, (byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                {0, 0, 0, 1, 0, 0, 0, 100, '{', '"'},
                {0, 0, 0, 1, 0, 0, 0, 3, '{', '{', '{'},
                {0, 0, 0, 9, 0, 0, 0, 0},
            };
            for (byte[] attack : attacks) {
                try (PilotConnection c = raw.dial(new PilotSocketAddress(bAddr, 1003), Duration.ofSeconds(20))) {
                    c.getOutputStream().write(attack);
                    c.setReadTimeoutMillis(40_000);
                    if (attack[7] != 100) { // the truncated one waits for the read timeout on B; do not wait for it
                        assertEquals(-1, c.getInputStream().read(), "B closes the connection");
                    }
                }
            }
            try (PilotConnection c = raw.dial(new PilotSocketAddress(bAddr, 5102), Duration.ofSeconds(20))) {
                c.getOutputStream().write(new byte[] {0x10, 0, 0, 0}); // 256 MiB message on a 1 KiB endpoint
                c.setReadTimeoutMillis(20_000);
                assertEquals(-1, c.getInputStream().read());
            }
        }
        assertEquals("ok:still serving", template.requestBody("pilot:task?peer=" + b.address() + "&" + atA, "still serving", String.class));
        assertEquals("fine", template.requestBody("pilot:stream:5102?peer=" + b.address() + "&" + atA, "x", String.class));
    }

    @Test
    void suspendResumeAndReadiness() throws Exception {
        context.getRegistry().bind("unused", new Object());
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:events?topic=pause.me&" + atB).routeId("pausable").convertBodyTo(String.class).to("mock:paused");
            }
        });
        awaitConsumersReady();
        PilotConsumerSupport consumer = (PilotConsumerSupport) context.getRoute("pausable").getConsumer();
        HealthCheck check = consumer.getHealthCheck();
        assertNotNull(check, "consumer readiness check");
        assertEquals(HealthCheck.State.UP, check.call().getState());
        context.getRouteController().suspendRoute("pausable");
        assertEquals(PilotReconnectLoop.State.SUSPENDED, consumer.state());
        context.getRouteController().resumeRoute("pausable");
        awaitConsumersReady();
        MockEndpoint paused = context.getEndpoint("mock:paused", MockEndpoint.class);
        // the resumed subscription is new: confirm it, then an event published after the confirmation arrives
        PilotReadiness.confirmSubscription(probeAtB("pause.me", PROBE), () -> paused.getReceivedCounter() > 0, Duration.ofSeconds(60));
        template.sendBodyAndHeader("pilot:events?" + atB, "after resume", PilotConstants.TOPIC, "pause.me");
        await("the event published after the resume").atMost(Duration.ofSeconds(30))
                .until(() -> paused.getReceivedExchanges().stream().anyMatch(e -> "after resume".equals(e.getIn().getBody())));
        assertNotNull(HealthCheckHelper.getHealthCheckRepository(context, "consumers"));
    }
}
