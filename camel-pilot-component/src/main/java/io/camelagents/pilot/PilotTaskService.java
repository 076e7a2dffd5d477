package io.camelagents.pilot;

import java.io.EOFException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.driver.PilotTimeoutException;
import io.camelagents.pilot.protocol.MalformedFrameException;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's task-submit service on port 1003, shared by the {@code pilot:task} consumer (tasks from peers) and
 * producers (status updates and results for tasks we submitted). The newest daemon has no task service, so the
 * component binds the port itself, speaking the v1.2.2 wire format: one frame per connection, the receiver
 * answers SUBMIT on the same connection and closes; status updates and results travel on new connections.
 */
final class PilotTaskService {
    private static final Logger LOG = LoggerFactory.getLogger(PilotTaskService.class);
    private static final Duration FRAME_READ_TIMEOUT = Duration.ofSeconds(30);

    /** The consumer side: decides about a submission and schedules it. */
    interface Executor {
        TaskMessages.SubmitResponse onSubmit(TaskMessages.Submit submit, PilotSocketAddress from, PilotDriver driver);
    }

    private final PilotClient client;
    private final PilotComponent component;
    private final Map<String, PilotTaskWaiter> waiters = new ConcurrentHashMap<>();
    private volatile Executor executor;
    private volatile PilotListener listener;
    private PilotReconnectLoop loop;
    private ExecutorService connections;
    private int users;

    PilotTaskService(PilotClient client, PilotComponent component) {
        this.client = client;
        this.component = component;
    }

    /** Starts serving port 1003 on first use. */
    synchronized void acquire() {
        if (users++ == 0) {
            connections = component.getCamelContext().getExecutorServiceManager()
                    .newCachedThreadPool(this, "PilotTaskService");
            loop = new PilotReconnectLoop("PilotTaskService[1003]", client, component.getConfiguration(),
                    component.getCamelContext(), this, this::serve);
            loop.start();
        }
    }

    /** Stops serving when the last user is gone. */
    synchronized void release() {
        if (users > 0 && --users == 0) {
            stopServing();
        }
    }

    synchronized void close() {
        if (users > 0) {
            users = 0;
            stopServing();
        }
    }

    private void stopServing() {
        loop.stop(component.getConfiguration().getShutdownTimeout(), this::closeListener);
        component.getCamelContext().getExecutorServiceManager().shutdownGraceful(connections,
                component.getConfiguration().getShutdownTimeout());
        waiters.clear();
    }

    void setExecutor(Executor e) {
        this.executor = e;
    }

    void clearExecutor(Executor e) {
        if (executor == e) {
            executor = null;
        }
    }

    PilotReconnectLoop.State state() {
        PilotReconnectLoop l = loop;
        return l == null ? PilotReconnectLoop.State.STOPPED : l.state();
    }

    String lastError() {
        PilotReconnectLoop l = loop;
        return l == null ? null : l.lastError();
    }

    /** Waits until port 1003 is bound, so results for a task submitted now can reach us. */
    void awaitServing(Duration timeout) throws PilotException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state() != PilotReconnectLoop.State.SERVING) {
            if (System.nanoTime() > deadline) {
                throw new PilotTimeoutException("the task service could not bind port 1003 within " + timeout.toMillis()
                        + " ms" + (lastError() == null ? "" : ": " + lastError()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PilotException("interrupted");
            }
        }
    }

    PilotTaskWaiter expect(String taskId, PilotAddress executorNode) {
        PilotTaskWaiter w = new PilotTaskWaiter(taskId, executorNode);
        waiters.put(taskId, w);
        return w;
    }

    void forget(String taskId) {
        waiters.remove(taskId);
    }

    private void serve(PilotDriver driver) throws Exception {
        PilotListener l = driver.listen(TaskFrame.TASK_PORT);
        listener = l;
        try {
            loop.serving();
            LOG.info("task service bound to port {} on {}", TaskFrame.TASK_PORT, driver.nodeInfo().address());
            while (loop.isRunning()) {
                PilotConnection conn = l.accept(null);
                connections.submit(() -> handle(conn, driver));
            }
        } finally {
            listener = null;
            l.close();
        }
    }

    private void closeListener() {
        PilotListener l = listener;
        if (l != null) {
            try {
                l.close();
            } catch (PilotException ignored) {
                // stopping anyway
            }
        }
    }

    /** One frame per connection; anything malformed closes this connection only, with a logged reason. */
    private void handle(PilotConnection conn, PilotDriver driver) {
        try (conn) {
            conn.setReadTimeoutMillis(FRAME_READ_TIMEOUT.toMillis());
            InputStream in = conn.getInputStream();
            TaskFrame frame = TaskFrame.readFrom(in);
            if (frame == null) {
                return;
            }
            switch (frame.type()) {
                case SUBMIT -> onSubmit(frame.as(TaskMessages.Submit.class), conn, driver);
                case STATUS_UPDATE -> onStatus(frame.as(TaskMessages.StatusUpdate.class), conn.remote());
                case SEND_RESULTS -> onResults(frame.as(TaskMessages.Results.class), conn.remote());
                case RESULT -> LOG.debug("ignoring RESULT frame from {} (unused by the protocol)", conn.remote());
            }
        } catch (MalformedFrameException | EOFException e) {
            LOG.warn("closing task connection from {}: {}", conn.remote(), e.getMessage());
        } catch (Exception e) {
            LOG.warn("task connection from {} failed: {}", conn.remote(), e.getMessage());
        }
    }

    private void onSubmit(TaskMessages.Submit submit, PilotConnection conn, PilotDriver driver) throws Exception {
        Executor e = executor;
        TaskMessages.SubmitResponse response;
        if (submit.taskId() == null || submit.taskId().isBlank()) {
            response = new TaskMessages.SubmitResponse(submit.taskId(), 400, "task_id is required");
        } else if (e == null) {
            response = new TaskMessages.SubmitResponse(submit.taskId(), 400, "this node runs no task executor");
        } else {
            response = e.onSubmit(submit, conn.remote(), driver);
        }
        TaskFrame.of(TaskFrame.Type.SUBMIT, response).writeTo(conn.getOutputStream());
    }

    private void onStatus(TaskMessages.StatusUpdate update, PilotSocketAddress from) {
        PilotTaskWaiter w = waiterFor(update.taskId(), from, "status " + update.status());
        if (w != null) {
            w.onStatus(update);
            if (TaskMessages.Status.isFinal(update.status())) {
                waiters.remove(update.taskId(), w);
            }
        }
    }

    private void onResults(TaskMessages.Results results, PilotSocketAddress from) {
        PilotTaskWaiter w = waiterFor(results.taskId(), from, "results");
        if (w != null) {
            w.onResults(results);
        }
    }

    private PilotTaskWaiter waiterFor(String taskId, PilotSocketAddress from, String what) {
        PilotTaskWaiter w = taskId == null ? null : waiters.get(taskId);
        if (w == null) {
            LOG.debug("{} for unknown task {} from {} dropped", what, taskId, from);
            return null;
        }
        if (!w.executor.equals(from.address())) {
            LOG.warn("{} for task {} came from {}, not from its executor {}; ignored", what, taskId, from.address(), w.executor);
            return null;
        }
        return w;
    }

    /**
     * Sends one frame to a peer's task service on a new connection and waits for the peer to close it, so frames
     * sent one after another are processed in order.
     */
    static void sendFrame(PilotDriver driver, PilotAddress to, TaskFrame frame, Duration dialTimeout) throws Exception {
        try (PilotConnection c = driver.dial(new PilotSocketAddress(to, TaskFrame.TASK_PORT), dialTimeout)) {
            frame.writeTo(c.getOutputStream());
            c.setReadTimeoutMillis(TimeUnit.SECONDS.toMillis(10));
            try {
                while (c.getInputStream().read(new byte[256]) >= 0) {
                    // drain until the peer closes
                }
            } catch (PilotTimeoutException e) {
                LOG.debug("task peer {} did not close within 10 s after a {} frame", to, frame.type());
            }
        }
    }
}
