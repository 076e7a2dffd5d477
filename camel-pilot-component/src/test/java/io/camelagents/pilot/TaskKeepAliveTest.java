package io.camelagents.pilot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;
import io.camelagents.pilot.protocol.TaskMessages.Status;
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
 * Task keep-alive (issue 11): an InOut producer keeps its submit connection to a peer whose task service offers
 * it and sends the next task on it, so sequential tasks cost one dial in all. Two REAL newest daemons: A submits,
 * B executes (our consumer, or a raw executor for the faults: one that closes a kept connection, one that does
 * not offer keep-alive, as v1.2.2 does not).
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "kpa")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskKeepAliveTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private PilotNode a;
    private PilotNode b;
    private CamelContext submitter;
    private CamelContext executor;
    private PilotDriver raw;

    @BeforeAll
    void network(LocalPilotNetwork network) {
        a = network.node(0);
        b = network.node(1);
    }

    @AfterEach
    void stop() {
        if (raw != null) {
            raw.close();
            raw = null;
        }
        for (CamelContext c : new CamelContext[] {submitter, executor}) {
            if (c != null) {
                c.stop();
            }
        }
        submitter = null;
        executor = null;
    }

    private static CamelContext context(Consumer<PilotConfiguration> options, RouteBuilder routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        PilotConfiguration c = context.getComponent("pilot", PilotComponent.class).getConfiguration();
        c.setShutdownTimeout(5000);
        options.accept(c);
        if (routes != null) {
            context.addRoutes(routes);
        }
        context.start();
        return context;
    }

    /** B serves tasks with our consumer; {@code peerFrameTimeout} is also its idle limit for kept connections. */
    private void startExecutor(long peerFrameTimeout) throws Exception {
        executor = context(c -> c.setPeerFrameTimeout(peerFrameTimeout), new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?socketPath=" + b.socketPath()).routeId("agent").setBody(simple("r:${body}"));
            }
        });
        PilotReadiness.awaitConsumers(executor, WAIT);
    }

    /** A's Camel context, with no routes: its pilot:task producers submit to B. */
    private ProducerTemplate startSubmitter() throws Exception {
        submitter = context(c -> { }, null);
        return submitter.createProducerTemplate();
    }

    private String taskUri(String options) {
        return "pilot:task?peer=" + b.address() + "&socketPath=" + a.socketPath() + options;
    }

    private long executorStat(String name) {
        Map<String, Object> d = new HashMap<>();
        ((PilotConsumerSupport) executor.getRoute("agent").getConsumer()).addHealthDetails(d);
        Object v = d.get("pilot.peers." + name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private int parkedAtSubmitter(String uri) {
        PilotEndpoint endpoint = submitter.getEndpoint(uri, PilotEndpoint.class);
        return endpoint.client().taskService(endpoint.getComponent()).keptConnections().parkedCount();
    }

    @Test
    void sequentialTasksShareOneConnectionAndConcurrentOnesAtMostOneEach() throws Exception {
        startExecutor(60_000);
        ProducerTemplate template = startSubmitter();
        String uri = taskUri("");

        long before = executorStat("accepted");
        for (int i = 0; i < 30; i++) {
            assertEquals("r:seq-" + i, template.requestBody(uri, "seq-" + i, String.class));
        }
        assertEquals(1, executorStat("accepted") - before, "30 sequential tasks on one kept connection");
        assertEquals(1, parkedAtSubmitter(uri));

        // 8 at a time: each concurrent task needs a connection of its own, none more
        before = executorStat("accepted");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String body = "par-" + i;
                results.add(pool.submit(() -> template.requestBody(uri, body, String.class)));
            }
            for (int i = 0; i < 40; i++) {
                assertEquals("r:par-" + i, results.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        long opened = executorStat("accepted") - before;
        assertTrue(opened <= 7, "8 concurrent submitters reuse the kept connection and open at most 7 more: " + opened);
        assertTrue(parkedAtSubmitter(uri) <= 8);

        // reuse switched off: a connection per task, as before keep-alive
        String perTask = taskUri("&reuseTaskConnections=false");
        before = executorStat("accepted");
        for (int i = 0; i < 5; i++) {
            assertEquals("r:own-" + i, template.requestBody(perTask, "own-" + i, String.class));
        }
        assertEquals(5, executorStat("accepted") - before);
    }

    @Test
    void aKeptConnectionRefusesASubmitWhileItsTaskRunsAndTakesTheNextOneAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        executor = context(c -> c.setPeerFrameTimeout(45_000), new RouteBuilder() {
            @Override
            public void configure() {
                from("pilot:task?socketPath=" + b.socketPath()).routeId("agent")
                        .process(e -> {
                            if (e.getIn().getBody(String.class).equals("hold")) {
                                release.await(60, TimeUnit.SECONDS);
                            }
                        })
                        .setBody(simple("r:${body}"));
            }
        });
        PilotReadiness.awaitConsumers(executor, WAIT);
        raw = PilotDriver.connect(a.socketPath().toString());
        PilotConnection c = raw.dial(new PilotSocketAddress(PilotAddress.parse(b.address()), TaskFrame.TASK_PORT), WAIT);

        write(c, submitFrame("k-1", "hold"));
        TaskMessages.SubmitResponse first = next(c).as(TaskMessages.SubmitResponse.class);
        assertEquals(200, first.status());
        assertEquals(45_000L, first.keepAliveMs(), "the executor announces its idle limit");

        write(c, submitFrame("k-2", "early"));
        List<String> statuses = new ArrayList<>();
        TaskMessages.SubmitResponse early = awaitSubmitResponse(c, statuses);
        assertEquals(400, early.status());
        assertTrue(early.message().contains("one task at a time"), early.message());

        release.countDown();
        assertEquals(List.of(Status.ACCEPTED, Status.EXECUTING, Status.SUCCEEDED), readUntilFinal(c, "r:hold", statuses));

        write(c, submitFrame("k-3", "next"));
        TaskMessages.SubmitResponse next = next(c).as(TaskMessages.SubmitResponse.class);
        assertEquals(200, next.status(), next.message());
        assertEquals(List.of(Status.ACCEPTED, Status.EXECUTING, Status.SUCCEEDED), readUntilFinal(c, "r:next", new ArrayList<>()));
        assertEquals(1, executorStat("refused.pipelinedSubmit"));
        c.close();
    }

    @Test
    void theExecutorClosesAKeptConnectionOnceItIdlesAndTheNextTaskDialsAgain() throws Exception {
        startExecutor(1_500);
        ProducerTemplate template = startSubmitter();
        String uri = taskUri("");
        assertEquals("r:one", template.requestBody(uri, "one", String.class));
        assertEquals(1, parkedAtSubmitter(uri));
        await().atMost(WAIT).until(() -> executorStat("closed.idle") >= 1);
        long before = executorStat("accepted");
        assertEquals("r:two", template.requestBody(uri, "two", String.class));
        assertEquals(1, executorStat("accepted") - before, "a fresh connection, not the one the executor closed");
        await().atMost(WAIT).until(() -> parkedAtSubmitter(uri) == 1);
    }

    @Test
    void aKeptConnectionClosedUnderTheNextSubmitIsRetriedOnANewOne() throws Exception {
        RawExecutor fake = new RawExecutor(true, 1);
        ProducerTemplate template = startSubmitter();
        String uri = taskUri("");
        assertEquals("done:first", template.requestBody(uri, "first", String.class));
        assertEquals("done:second", template.requestBody(uri, "second", String.class));
        fake.close();
        // the second task's SUBMIT reached the kept connection, which the executor closed unanswered; then a new one
        assertEquals(List.of("c1:first", "c1:second", "c2:second"), fake.seen);
    }

    @Test
    void anExecutorThatDoesNotOfferKeepAliveGetsAConnectionPerTask() throws Exception {
        RawExecutor fake = new RawExecutor(false, -1);
        ProducerTemplate template = startSubmitter();
        String uri = taskUri("");
        assertEquals("done:first", template.requestBody(uri, "first", String.class));
        assertEquals("done:second", template.requestBody(uri, "second", String.class));
        fake.close();
        assertEquals(List.of("c1:first", "c2:second"), fake.seen);
        assertEquals(0, parkedAtSubmitter(uri));
    }

    /**
     * A raw executor on B's port 1003 (for the faults): answers each SUBMIT and reports SEND_RESULTS + SUCCEEDED
     * on the connection, offering keep-alive or not, and keeping its side open either way (a peer that keeps a
     * connection it never offered must not see a second SUBMIT on it). It closes connection
     * {@code closeOnSecondSubmitOf} when a second SUBMIT arrives there, without answering.
     */
    private final class RawExecutor implements AutoCloseable {
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final PilotListener listener;
        private final Thread thread;

        RawExecutor(boolean offerKeepAlive, int closeOnSecondSubmitOf) throws Exception {
            raw = PilotDriver.connect(b.socketPath().toString());
            listener = raw.listen(TaskFrame.TASK_PORT);
            thread = new Thread(() -> serve(offerKeepAlive, closeOnSecondSubmitOf), "raw-executor");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(boolean offerKeepAlive, int closeOnSecondSubmitOf) {
            int connections = 0;
            List<PilotConnection> open = new ArrayList<>();
            try {
                while (listener.isOpen()) {
                    PilotConnection c = listener.accept(null);
                    open.add(c);
                    int n = ++connections;
                    Thread t = new Thread(() -> serveConnection(c, n, offerKeepAlive, n == closeOnSecondSubmitOf), "raw-executor-" + n);
                    t.setDaemon(true);
                    t.start();
                }
            } catch (Exception listenerClosed) {
                open.forEach(PilotConnection::closeInBackground);
            }
        }

        private void serveConnection(PilotConnection c, int n, boolean offerKeepAlive, boolean closeOnSecond) {
            int submits = 0;
            try {
                while (true) {
                    TaskFrame f = next(c);
                    if (f == null) {
                        return;
                    }
                    TaskMessages.Submit s = f.as(TaskMessages.Submit.class);
                    seen.add("c" + n + ":" + s.taskDescription());
                    if (++submits == 2 && closeOnSecond) {
                        c.close();
                        return;
                    }
                    write(c, TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.SubmitResponse(s.taskId(), 200, "Task accepted",
                            offerKeepAlive && s.wantsKeepAlive() ? 60_000L : null)));
                    write(c, TaskFrame.of(TaskFrame.Type.SEND_RESULTS, new TaskMessages.Results(s.taskId(), "text",
                            "done:" + s.taskDescription(), null, null, null, 0, 0, 0)));
                    write(c, TaskFrame.of(TaskFrame.Type.STATUS_UPDATE, new TaskMessages.StatusUpdate(s.taskId(), Status.SUCCEEDED, "")));
                }
            } catch (Exception closed) {
                // the submitter closed the connection
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(WAIT.toMillis());
        }
    }

    private TaskFrame submitFrame(String id, String description) {
        return TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.Submit(id, description, a.address(), b.address(), true, true));
    }

    private static void write(PilotConnection c, TaskFrame frame) throws Exception {
        frame.writeTo(c.getOutputStream());
    }

    /** The next task frame, or null at the end of the stream. */
    private static TaskFrame next(PilotConnection c) throws Exception {
        c.setReadTimeoutMillis(WAIT.toMillis());
        return TaskFrame.readFrom(c.getInputStream());
    }

    /** The answer to a SUBMIT sent while a task runs; the running task's status updates go to {@code statuses}. */
    private static TaskMessages.SubmitResponse awaitSubmitResponse(PilotConnection c, List<String> statuses) throws Exception {
        while (true) {
            TaskFrame f = next(c);
            assertNotNull(f, "the connection ended before the SUBMIT was answered");
            switch (f.type()) {
                case SUBMIT -> {
                    return f.as(TaskMessages.SubmitResponse.class);
                }
                case STATUS_UPDATE -> statuses.add(f.as(TaskMessages.StatusUpdate.class).status());
                default -> throw new AssertionError("unexpected " + f.type());
            }
        }
    }

    /** Reads a task's reports up to its final status into {@code statuses} (returned); checks the result text. */
    private static List<String> readUntilFinal(PilotConnection c, String expectedResult, List<String> statuses) throws Exception {
        String result = null;
        while (statuses.isEmpty() || !Status.isFinal(statuses.get(statuses.size() - 1))) {
            TaskFrame f = next(c);
            assertNotNull(f, "the connection ended before the final status; seen " + statuses);
            switch (f.type()) {
                case STATUS_UPDATE -> statuses.add(f.as(TaskMessages.StatusUpdate.class).status());
                case SEND_RESULTS -> result = f.as(TaskMessages.Results.class).resultText();
                default -> throw new AssertionError("unexpected " + f.type());
            }
        }
        assertEquals(expectedResult, result);
        return statuses;
    }
}
