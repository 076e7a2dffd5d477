package io.camelagents.pilot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.camelagents.pilot.driver.PilotTimeoutException;
import io.camelagents.pilot.testkit.LocalPilotNetwork;
import io.camelagents.pilot.testkit.PilotNetwork;
import io.camelagents.pilot.testkit.PilotNode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pilot:task producer is asynchronous (issue 10): many InOut tasks wait at once without a thread each. Two REAL
 * newest daemons: A submits through Camel, B runs {@link HoldingTaskExecutor}, which holds every task open until
 * released (two threads however many it holds), so the threads counted are the submitter's.
 */
@PilotNetwork(nodes = 2, hostnamePrefix = "asy")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncTaskProducerTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int CONCURRENT = 200;
    /** Pools of the task service (4 submit, 2 reply, 4 completion), the driver's dial connections (4), slack. */
    private static final int MAX_EXTRA_THREADS = 16;

    private PilotNode a;
    private PilotNode b;
    private CamelContext submitter;
    private HoldingTaskExecutor executor;
    private SimpleMeterRegistry meters;

    @BeforeAll
    void network(LocalPilotNetwork network) {
        a = network.node(0);
        b = network.node(1);
    }

    @AfterEach
    void stop() throws Exception {
        if (submitter != null) {
            submitter.stop();
            submitter = null;
        }
        if (executor != null) {
            executor.close();
            executor = null;
        }
    }

    private ProducerTemplate startSubmitter() throws Exception {
        submitter = new DefaultCamelContext();
        PilotComponent component = submitter.getComponent("pilot", PilotComponent.class);
        component.getConfiguration().setShutdownTimeout(5000);
        meters = new SimpleMeterRegistry();
        submitter.getRegistry().bind("meters", meters);
        submitter.start();
        return submitter.createProducerTemplate();
    }

    /** Outcomes as the component's Micrometer binding records them (pilot.task.roundtrip, tag outcome). */
    private int outcome(String name) {
        Timer timer = meters.find("pilot.task.roundtrip").tag("outcome", name).timer();
        return timer == null ? 0 : (int) timer.count();
    }

    private String taskUri(String options) {
        return "pilot:task?peer=" + b.address() + "&socketPath=" + a.socketPath() + options;
    }

    /**
     * Sends one InOut exchange through the route {@code direct:submit -> uri} without waiting. (ProducerTemplate's
     * asyncRequestBody hands each exchange to a thread of its own pool that waits for it: not what is measured.)
     */
    private CompletableFuture<Object> submitAsync(AsyncProducer direct, String body) {
        Exchange exchange = submitter.getEndpoint("direct:submit").createExchange(ExchangePattern.InOut);
        exchange.getIn().setBody(body);
        return direct.processAsync(exchange).thenApply(e -> {
            if (e.getException() != null) {
                throw new CompletionException(e.getException());
            }
            return e.getMessage().getBody();
        });
    }

    private AsyncProducer routeTo(String uri) throws Exception {
        submitter.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to(uri);
            }
        });
        AsyncProducer direct = submitter.getEndpoint("direct:submit").createAsyncProducer();
        direct.start();
        return direct;
    }

    /** Waits for a condition, polling on this thread (Awaitility's own poller thread would be counted). */
    private static void waitFor(BooleanSupplier condition, String what) {
        await(what).atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }

    @Test
    void theProducerIsAsynchronous() throws Exception {
        startSubmitter();
        assertInstanceOf(AsyncProducer.class, submitter.getEndpoint(taskUri("")).createProducer());
    }

    @Test
    void twoHundredConcurrentTasksWaitWithoutAThreadEach() throws Exception {
        executor = new HoldingTaskExecutor(b.socketPath().toString());
        ProducerTemplate template = startSubmitter();
        String uri = taskUri("");
        AsyncProducer direct = routeTo(uri);
        // warm up: the producer, the task service, its pools and the driver's dial connections exist
        executor.release();
        assertEquals("r:warm", template.requestBody(uri, "warm", String.class));
        List<CompletableFuture<Object>> warm = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            warm.add(submitAsync(direct, "w" + i));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("r:w" + i, warm.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        executor.close();
        executor = new HoldingTaskExecutor(b.socketPath().toString());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        List<CompletableFuture<Object>> results = new ArrayList<>();
        long sent = System.nanoTime();
        for (int i = 0; i < CONCURRENT; i++) {
            results.add(submitAsync(direct, "t" + i));
        }
        waitFor(() -> executor.held() == CONCURRENT, "the executor to hold all " + CONCURRENT + " tasks (holds "
                + executor.held() + ")");
        int whileHeld = threads.getThreadCount();
        System.out.printf("%d tasks held after %d ms: %d extra threads%n", CONCURRENT,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), whileHeld - before);
        assertTrue(results.stream().noneMatch(CompletableFuture::isDone), "all wait for their final status");
        executor.release();
        for (int i = 0; i < CONCURRENT; i++) {
            assertEquals("r:t" + i, results.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        int peak = threads.getPeakThreadCount();
        System.out.printf("%d tasks done after %d ms: peak %d extra threads%n", CONCURRENT,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), peak - before);
        assertTrue(whileHeld - before <= MAX_EXTRA_THREADS && peak - before <= MAX_EXTRA_THREADS,
                CONCURRENT + " tasks in flight took " + (whileHeld - before) + " extra threads (peak " + (peak - before)
                        + "); a blocking producer needs one per task");
        assertEquals(CONCURRENT + 21, outcome("succeeded"));

        // the kept connections serve the next round: no new connection for as many tasks as were parked
        int accepted = executor.connectionsAccepted();
        for (int i = 0; i < 5; i++) {
            assertEquals("r:again" + i, template.requestBody(uri, "again" + i, String.class));
        }
        assertEquals(accepted, executor.connectionsAccepted(), "sequential tasks reuse a kept connection");
    }

    @Test
    void aTimeoutFailsThatExchangeOnly() throws Exception {
        executor = new HoldingTaskExecutor(b.socketPath().toString());
        ProducerTemplate template = startSubmitter();
        AsyncProducer direct = routeTo(taskUri(""));
        CompletableFuture<Object> slow = template.asyncRequestBody(taskUri("&taskTimeout=1500"), "never-answered");
        List<CompletableFuture<Object>> others = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            others.add(submitAsync(direct, "o" + i));
        }
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> slow.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(CamelExecutionException.class, e.getCause());
        assertInstanceOf(PilotTimeoutException.class, e.getCause().getCause());
        assertTrue(e.getCause().getCause().getMessage().contains("reached no final status within 1500 ms"),
                e.getCause().getCause().getMessage());
        assertTrue(others.stream().noneMatch(CompletableFuture::isDone), "the other tasks still wait");
        executor.release();
        for (int i = 0; i < 30; i++) {
            assertEquals("r:o" + i, others.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertEquals(1, outcome("timeout"));
        assertEquals(30, outcome("succeeded"));
    }

    @Test
    void inOnlyReturnsOnceAccepted() throws Exception {
        executor = new HoldingTaskExecutor(b.socketPath().toString());
        ProducerTemplate template = startSubmitter();
        var exchange = template.send(taskUri(""), org.apache.camel.ExchangePattern.InOnly, e -> e.getIn().setBody("fire"));
        assertEquals(null, exchange.getException());
        assertEquals("NEW", exchange.getMessage().getHeader(PilotConstants.TASK_STATUS));
        waitFor(() -> executor.held() == 1, "the executor to hold the task");
        assertEquals(1, outcome("succeeded"));
    }

    /**
     * Hostile executors, each answering the SUBMIT with bytes of its own on B's port 1003: an unknown frame type
     * fails the exchange at once; a header that announces 16 MiB followed by nothing fails it at the submit
     * answer's deadline (dialTimeout), with nothing of the announced length allocated.
     */
    @Test
    void hostileAnswersFailTheirExchangeWithinTheDeadlines() throws Exception {
        ProducerTemplate template = startSubmitter();
        try (RawAnswerer bad = new RawAnswerer(java.nio.ByteBuffer.allocate(8).putInt(99).putInt(2).array())) {
            Exchange e = template.request(taskUri("&reuseTaskConnections=false"), x -> x.getIn().setBody("x"));
            assertInstanceOf(io.camelagents.pilot.protocol.MalformedFrameException.class, e.getException());
        }
        try (RawAnswerer stall = new RawAnswerer(java.nio.ByteBuffer.allocate(8).putInt(1).putInt(16 * 1024 * 1024).array())) {
            Exchange e = template.request(taskUri("&reuseTaskConnections=false&dialTimeout=1500"), x -> x.getIn().setBody("y"));
            assertInstanceOf(PilotTimeoutException.class, e.getException());
            assertTrue(e.getException().getMessage().contains("did not answer the submission"), e.getException().getMessage());
        }
        assertEquals(1, outcome("error"));
        assertEquals(1, outcome("timeout"));
    }

    /** Reads one SUBMIT per connection on B's port 1003 and answers with {@code answer}, keeping the connection. */
    private final class RawAnswerer implements AutoCloseable {
        private final io.camelagents.pilot.driver.PilotDriver driver;
        private final io.camelagents.pilot.driver.PilotListener listener;
        private final Thread thread;

        RawAnswerer(byte[] answer) throws Exception {
            driver = io.camelagents.pilot.driver.PilotDriver.connect(b.socketPath().toString());
            listener = driver.listen(io.camelagents.pilot.protocol.TaskFrame.TASK_PORT);
            thread = new Thread(() -> {
                try {
                    while (listener.isOpen()) {
                        io.camelagents.pilot.driver.PilotConnection c = listener.accept(null);
                        c.setReadTimeoutMillis(WAIT.toMillis());
                        io.camelagents.pilot.protocol.TaskFrame.readFrom(c.getInputStream());
                        c.getOutputStream().write(answer);
                    }
                } catch (Exception closed) {
                    // close()
                }
            }, "raw-answerer");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(WAIT.toMillis());
            driver.close();
        }
    }
}
