package io.camelagents.pilot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.driver.PilotTimeoutException;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Node B serves pilot:task and pilot:stream; node A is a hostile peer writing raw frames with the project's
 * driver (two REAL newest daemons). Each case is one of issue 13's attacks: the victim must stay within its
 * bounds, tell the peer or log why, and keep serving legitimate requests.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "hst", mutualTrust = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePeerTest {
    private static final int MIB = 1024 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private PilotNode a;
    private PilotNode b;
    private PilotAddress bAddr;
    private CamelContext context;
    private ProducerTemplate template;
    private PilotDriver attacker;
    private final List<PilotConnection> held = new ArrayList<>();

    @BeforeAll
    void network(LocalPilotNetwork network) throws Exception {
        a = network.node(0);
        b = network.node(1);
        bAddr = PilotAddress.parse(b.address());
    }

    @AfterEach
    void stop() {
        for (PilotConnection c : held) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the victim may have closed it
            }
        }
        held.clear();
        if (attacker != null) {
            attacker.close();
            attacker = null;
        }
        if (context != null) {
            context.stop();
        }
    }

    private void start(Consumer<PilotConfiguration> component, RouteBuilder routes) throws Exception {
        context = new DefaultCamelContext();
        PilotConfiguration c = context.getComponent("pilot", PilotComponent.class).getConfiguration();
        c.setShutdownTimeout(5000);
        component.accept(c);
        context.addRoutes(routes);
        context.start();
        template = context.createProducerTemplate();
        PilotReadiness.awaitConsumers(context, WAIT);
        attacker = PilotDriver.connect(a.socketPath().toString());
    }

    private RouteBuilder taskRoute(String options) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?socketPath=" + b.socketPath() + options).routeId("agent")
                        .process(e -> e.getMessage().setBody("ok:" + e.getIn().getBody(String.class).length()));
            }
        };
    }

    private PilotConnection dialB(int port) throws Exception {
        PilotConnection c = attacker.dial(new PilotSocketAddress(bAddr, port), Duration.ofSeconds(30));
        held.add(c);
        return c;
    }

    private Map<String, Object> details(String routeId) {
        Map<String, Object> d = new HashMap<>();
        ((PilotConsumerSupport) context.getRoute(routeId).getConsumer()).addHealthDetails(d);
        return d;
    }

    private long stat(String routeId, String name) {
        Object v = details(routeId).get(name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private String legitimateTask(String body) {
        return template.requestBody("pilot:task?peer=" + b.address() + "&socketPath=" + a.socketPath(), body, String.class);
    }

    private static byte[] header(int type, long length) {
        return ByteBuffer.allocate(8).putInt(type).putInt((int) length).array();
    }

    private byte[] submit(String id, boolean replyOnConnection) {
        return TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.Submit(id, "x", a.address(), b.address(),
                replyOnConnection ? Boolean.TRUE : null)).toBytes();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Reads the next task frame, or null at the end of the stream. */
    private static TaskFrame next(PilotConnection c) throws Exception {
        c.setReadTimeoutMillis(WAIT.toMillis());
        return TaskFrame.readFrom(c.getInputStream());
    }

    @Test
    void announcedLengthsAndIdleConnectionsCostNeitherMemoryNorThreads() throws Exception {
        start(c -> { }, taskRoute("&acceptFrom=any"));
        int threadsBefore = threads();
        for (int i = 0; i < 80; i++) {
            dialB(TaskFrame.TASK_PORT).getOutputStream().write(header(1, 16L * MIB)); // 16 MiB announced, nothing sent
        }
        for (int i = 0; i < 120; i++) {
            dialB(TaskFrame.TASK_PORT).getOutputStream().write(new byte[] {0, 0}); // half a header, then silence
        }
        await().atMost(WAIT).until(() -> stat("agent", "pilot.peers.accepted") >= 200);

        assertTrue(stat("agent", "pilot.peers.bytesInFlight") < MIB,
                "announced lengths are not allocated: " + details("agent"));
        int grown = threads() - threadsBefore;
        assertTrue(grown < 25, "200 idle peer connections must not pin a thread each; threads grew by " + grown);
        // (8 MiB and more are measured by the hostile-connections benchmark: on a loaded machine the daemons'
        // transport sometimes stalls a multi-MiB transfer for tens of seconds, with or without hostile peers)
        String oneMiB = "t".repeat(MIB);
        assertEquals("ok:" + oneMiB.length(), legitimateTask(oneMiB), "a legitimate 1 MiB task still runs");
    }

    @Test
    void untrustedSubmitterIsRefusedBeforeItsBodyIsRead() throws Exception {
        start(c -> { }, taskRoute("")); // acceptFrom=trusted (the default); A is not trusted by B
        PilotConnection c = dialB(TaskFrame.TASK_PORT);
        c.getOutputStream().write(header(1, 16L * MIB)); // no body follows: the answer must not wait for it
        TaskFrame answer = next(c);
        assertNotNull(answer, "the untrusted submitter is answered");
        TaskMessages.SubmitResponse r = answer.as(TaskMessages.SubmitResponse.class);
        assertEquals(400, r.status());
        assertTrue(r.message().contains("not trusted"), r.message());
        assertEquals(null, next(c), "and the connection closes");
        assertEquals(0, stat("agent", "pilot.peers.bytesInFlight"));
    }

    @Test
    void framesHaveADeadlineIdleConnectionsCloseAndConnectionsAreCapped() throws Exception {
        start(c -> {
            c.setPeerFrameTimeout(1500);
            c.setMaxPeerConnections(20);
        }, taskRoute("&acceptFrom=any"));
        List<PilotConnection> partial = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            PilotConnection c = dialB(TaskFrame.TASK_PORT);
            c.getOutputStream().write(new byte[] {0}); // a frame started, never finished
            partial.add(c);
        }
        await().atMost(WAIT).until(() -> stat("agent", "pilot.peers.refusedOverLimit") >= 10);
        for (PilotConnection c : partial) {
            c.setReadTimeoutMillis(WAIT.toMillis());
            assertEquals(-1, c.getInputStream().read(), "every partial frame is closed by the deadline or the cap");
        }
        assertTrue(stat("agent", "pilot.peers.closed.deadline") >= 1, details("agent").toString());

        PilotConnection idle = dialB(TaskFrame.TASK_PORT); // sends nothing at all
        idle.setReadTimeoutMillis(WAIT.toMillis());
        assertEquals(-1, idle.getInputStream().read(), "a connection that never starts a frame is closed too");
        assertTrue(stat("agent", "pilot.peers.closed.idle") >= 1, details("agent").toString());

        // a peer trickling one byte at a time is closed by the whole-frame deadline, not kept alive per byte
        PilotConnection trickle = dialB(TaskFrame.TASK_PORT);
        trickle.setReadTimeoutMillis(300);
        boolean closed = false;
        for (int i = 0; i < 200 && !closed; i++) { // bounded: 200 x 300 ms
            trickle.getOutputStream().write(new byte[] {0});
            try {
                closed = trickle.getInputStream().read() == -1;
            } catch (PilotTimeoutException stillOpen) {
                // next byte
            }
        }
        assertTrue(closed, "the trickling connection was closed");
        assertEquals("ok:5", legitimateTask("hello"));
    }

    @Test
    void bytesInFlightAcrossConnectionsAreBounded() throws Exception {
        int budget = 256 * 1024;
        start(c -> c.setMaxPeerBytesInFlight(budget), taskRoute("&acceptFrom=any"));
        byte[] body = new byte[150 * 1024];
        for (int i = 0; i < 4; i++) {
            PilotConnection c = dialB(TaskFrame.TASK_PORT);
            c.getOutputStream().write(header(1, 200 * 1024));
            c.getOutputStream().write(body); // 4 x 150 KiB of frames that never complete: over twice the budget
        }
        await().atMost(WAIT).until(() -> stat("agent", "pilot.peers.closed.over-budget")
                + stat("agent", "pilot.peers.closed.failed") + stat("agent", "pilot.peers.closed.refused-busy") >= 1);
        assertTrue(stat("agent", "pilot.peers.bytesInFlight") <= budget, details("agent").toString());
        for (PilotConnection c : held) {
            c.close();
        }
        await().atMost(WAIT).until(() -> stat("agent", "pilot.peers.bytesInFlight") == 0);
        assertEquals("ok:5", legitimateTask("hello"));
    }

    @Test
    void pipelinedSubmitsAreEachAnsweredAndDuplicateIdsRefused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        start(c -> { }, new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?acceptFrom=any&socketPath=" + b.socketPath()).routeId("agent")
                        .process(e -> {
                            ran.incrementAndGet();
                            if (e.getIn().getHeader(PilotConstants.TASK_ID, String.class).startsWith("dup")) {
                                release.await(60, TimeUnit.SECONDS);
                            }
                        })
                        .setBody(constant("done"));
            }
        });
        PilotListener taskPortAtA = v122TaskPort(); // where the v1.2.2-style (pipe-0) task reports its progress
        for (boolean replyOnConnection : new boolean[] {true, false}) {
            String prefix = replyOnConnection ? "pipe-r-" : "pipe-";
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 100; i++) {
                burst.write(submit(prefix + i, replyOnConnection));
            }
            PilotConnection c = dialB(TaskFrame.TASK_PORT);
            c.getOutputStream().write(burst.toByteArray()); // 100 SUBMITs back to back
            int accepted = 0;
            int refused = 0;
            while (accepted + refused < 100) {
                TaskFrame f = next(c);
                assertNotNull(f, "every SUBMIT is answered before the connection ends (" + (accepted + refused) + " so far)");
                if (f.type() != TaskFrame.Type.SUBMIT) {
                    continue; // the first task's updates, on the connection it asked for
                }
                TaskMessages.SubmitResponse r = f.as(TaskMessages.SubmitResponse.class);
                if (r.status() == 200) {
                    accepted++;
                    assertEquals(prefix + 0, r.taskId());
                } else {
                    refused++;
                    assertTrue(r.message().contains("one task at a time per connection"), r.message());
                }
            }
            assertEquals(1, accepted);
            c.close();
        }
        await().atMost(WAIT).until(() -> ran.get() == 2);
        assertTrue(stat("agent", "pilot.peers.refused.pipelinedSubmit") == 198, details("agent").toString());
        taskPortAtA.close();

        // a task id that is queued or running is refused; once finished it may be used again
        assertEquals(200, submitAndAnswer("dup-1").status());
        TaskMessages.SubmitResponse second = submitAndAnswer("dup-1");
        assertEquals(400, second.status());
        assertTrue(second.message().contains("already queued or running"), second.message());
        release.countDown();
        await().atMost(WAIT).until(() -> ran.get() == 3);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(200, submitAndAnswer("dup-1").status()));
        assertEquals(1, stat("agent", "pilot.tasks.duplicatesRefused"));
    }

    /** A v1.2.2 submitter's task service at A: reads one frame per connection, then closes it. */
    private PilotListener v122TaskPort() throws Exception {
        PilotListener port = attacker.listen(TaskFrame.TASK_PORT);
        Thread t = new Thread(() -> {
            while (port.isOpen()) {
                try (PilotConnection in = port.accept(null)) {
                    next(in);
                } catch (Exception closedOrBroken) {
                    // the listener closed, or one report connection broke: keep serving while open
                }
            }
        }, "v122-task-port");
        t.setDaemon(true);
        t.start();
        return port;
    }

    /** Submits on a connection that stays open for the task's updates (as our producer does). */
    private TaskMessages.SubmitResponse submitAndAnswer(String id) throws Exception {
        PilotConnection c = dialB(TaskFrame.TASK_PORT);
        c.getOutputStream().write(submit(id, true));
        return next(c).as(TaskMessages.SubmitResponse.class);
    }

    @Test
    void resultsForAGoneSubmitterAreRedirectedOrCountedAndLateDataIsDropped() throws Exception {
        // Each task waits until its submitter has gone, so its reports cannot reach the submit connection.
        Map<String, CountDownLatch> release = Map.of("gone-1", new CountDownLatch(1), "gone-2", new CountDownLatch(1));
        start(c -> { }, new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?acceptFrom=any&concurrentTasks=2&socketPath=" + b.socketPath()).routeId("agent")
                        .process(e -> release.get(e.getMessage().getHeader(PilotConstants.TASK_ID, String.class))
                                .await(60, TimeUnit.SECONDS))
                        .setBody(simple("result of ${body}"));
            }
        });
        try (PilotListener taskPort = attacker.listen(TaskFrame.TASK_PORT)) {
            PilotConnection c = dialB(TaskFrame.TASK_PORT);
            c.getOutputStream().write(submit("gone-1", true));
            assertEquals(200, next(c).as(TaskMessages.SubmitResponse.class).status());
            // 1 MiB after the SUBMIT: dropped as it arrives. Not more: multi-MiB transfers between two daemons on one
            // host sometimes stall for tens of seconds (a daemon transport problem, see README "Known limits").
            byte[] junk = new byte[256 * 1024];
            java.util.Arrays.fill(junk, (byte) 0x5A);
            for (int i = 0; i < 4; i++) {
                c.getOutputStream().write(junk);
            }
            await().atMost(WAIT).until(() -> stat("agent", "pilot.peers.discarded") >= 1);
            assertTrue(stat("agent", "pilot.peers.bytesInFlight") < MIB / 2, details("agent").toString());
            c.closeInBackground(); // the submitter goes away before the task ends
            await().atMost(WAIT).until(() -> stat("agent", "pilot.peers.open") == 0);
            release.get("gone-1").countDown();

            // like v1.2.2, the results come to the submitter's port 1003, one frame per connection
            TaskMessages.Results results = null;
            for (int i = 0; i < 10 && results == null; i++) {
                try (PilotConnection in = taskPort.accept(WAIT)) {
                    TaskFrame f = next(in);
                    if (f != null && f.type() == TaskFrame.Type.SEND_RESULTS) {
                        results = f.as(TaskMessages.Results.class);
                    }
                }
            }
            assertNotNull(results);
            assertEquals("result of x", results.resultText());
            assertTrue(stat("agent", "pilot.tasks.reportsRedirected") >= 1, details("agent").toString());
        }
        // no task port at the submitter any more: the outcome cannot be delivered, and that is counted
        PilotConnection c = dialB(TaskFrame.TASK_PORT);
        c.getOutputStream().write(submit("gone-2", true));
        assertEquals(200, next(c).as(TaskMessages.SubmitResponse.class).status());
        c.close();
        await().atMost(WAIT).until(() -> stat("agent", "pilot.peers.open") == 0);
        release.get("gone-2").countDown();
        await().atMost(WAIT).until(() -> stat("agent", "pilot.tasks.reportsUndelivered") >= 1);
    }

    @Test
    void aSilentStreamConnectionBlocksNoOther() throws Exception {
        start(c -> { }, new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:stream:5300?exchangePattern=InOut&concurrentTasks=1&socketPath=" + b.socketPath()).routeId("stream")
                        .setBody(simple("echo:${bodyAs(String)}"));
            }
        });
        dialB(5300).getOutputStream().write(new byte[] {0, 0}); // half a length prefix, then silence
        dialB(5300).getOutputStream().write(ByteBuffer.allocate(4).putInt(16 * MIB).array()); // 16 MiB announced, none sent
        dialB(5300); // nothing at all
        await().atMost(WAIT).until(() -> stat("stream", "pilot.peers.accepted") >= 3);
        for (int i = 0; i < 3; i++) {
            assertEquals("echo:hi" + i, template.requestBody("pilot:stream:5300?peer=" + b.address() + "&socketPath="
                    + a.socketPath(), "hi" + i, String.class), "served while the silent connections stay open");
        }
        assertTrue(stat("stream", "pilot.peers.bytesInFlight") < MIB, details("stream").toString());
    }
}
