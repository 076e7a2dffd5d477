package io.camelagents.pilot;

import java.io.EOFException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import io.camelagents.pilot.driver.Capability;
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
 * answers SUBMIT on the same connection and closes; status updates and results travel on new connections, one
 * each. (Our own submitters ask for updates on the submit connection instead; see {@link PilotTaskReporter}.)
 */
final class PilotTaskService {
    private static final Logger LOG = LoggerFactory.getLogger(PilotTaskService.class);
    private static final Duration FRAME_READ_TIMEOUT = Duration.ofSeconds(30);

    /** The consumer side: admits a submission, then runs it once the submitter has its answer. */
    interface Executor {
        /** Decides; a 200 answer reserves a queue slot that {@link #run} or {@link #abandon} gives back. */
        TaskMessages.SubmitResponse admit(TaskMessages.Submit submit, PilotSocketAddress from, PilotDriver driver);

        /** Schedules an admitted task; {@code replyConnection} (may be null) now belongs to the executor. */
        void run(TaskMessages.Submit submit, PilotAddress submitter, PilotConnection replyConnection);

        /** The submitter could not be told that the task was admitted. */
        void abandon(TaskMessages.Submit submit);
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
        if (driver.supports(Capability.DAEMON_TASK_SERVICE)) {
            // Older daemons own port 1003 and keep task state in files: nothing to bind here.
            loop.serving();
            LOG.info("the daemon at {} runs its own task service; using its task files", driver.socketPath());
            while (loop.isRunning() && driver.isConnected()) {
                Thread.sleep(250);
            }
            return;
        }
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

    /**
     * Serves one incoming connection with exactly one frame, as v1.2.2's task service does: a SUBMIT is answered
     * (the connection may then carry the task's updates back), a status update or results are recorded; then the
     * connection closes. Executors therefore send each update on a connection of its own. Anything malformed
     * closes this connection only, with a logged reason.
     */
    private void handle(PilotConnection conn, PilotDriver driver) {
        boolean keepOpen = false;
        try {
            conn.setReadTimeoutMillis(FRAME_READ_TIMEOUT.toMillis());
            TaskFrame frame = TaskFrame.readFrom(conn.getInputStream());
            if (frame == null) {
                return;
            }
            LOG.debug("task frame {} from {}", frame.type(), conn.remote());
            switch (frame.type()) {
                case SUBMIT -> keepOpen = onSubmit(frame.as(TaskMessages.Submit.class), conn, driver);
                case STATUS_UPDATE -> onStatus(frame.as(TaskMessages.StatusUpdate.class), conn.remote());
                case SEND_RESULTS -> onResults(frame.as(TaskMessages.Results.class), conn.remote());
                case RESULT -> LOG.debug("ignoring RESULT frame from {} (unused by the protocol)", conn.remote());
            }
        } catch (MalformedFrameException | EOFException e) {
            LOG.warn("closing task connection from {}: {}", conn.remote(), e.getMessage());
        } catch (Exception e) {
            LOG.warn("task connection from {} failed: {}", conn.remote(), e.getMessage());
        } finally {
            if (!keepOpen) {
                closeQuietly(conn);
            }
        }
    }

    /** Returns true when the executor took over the connection. */
    private boolean onSubmit(TaskMessages.Submit submit, PilotConnection conn, PilotDriver driver) throws Exception {
        Executor e = executor;
        TaskMessages.SubmitResponse response;
        if (submit.taskId() == null || submit.taskId().isBlank()) {
            response = new TaskMessages.SubmitResponse(submit.taskId(), 400, "task_id is required");
        } else if (e == null) {
            response = new TaskMessages.SubmitResponse(submit.taskId(), 400, "this node runs no task executor");
        } else {
            response = e.admit(submit, conn.remote(), driver);
        }
        try {
            TaskFrame.of(TaskFrame.Type.SUBMIT, response).writeTo(conn.getOutputStream());
        } catch (Exception writeFailed) {
            if (response.status() == 200) {
                e.abandon(submit);
            }
            throw writeFailed;
        }
        if (response.status() != 200) {
            return false;
        }
        boolean handOver = submit.wantsReplyOnConnection();
        e.run(submit, conn.remote().address(), handOver ? conn : null);
        return handOver;
    }

    private static void closeQuietly(PilotConnection conn) {
        try {
            conn.close();
        } catch (Exception ignored) {
            // closing anyway
        }
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

    /** Results on their own connection complete the task, as a v1.2.2 submitter's daemon records them. */
    private void onResults(TaskMessages.Results results, PilotSocketAddress from) {
        PilotTaskWaiter w = waiterFor(results.taskId(), from, "results");
        if (w != null) {
            w.onResults(results);
            onStatus(new TaskMessages.StatusUpdate(results.taskId(), TaskMessages.Status.COMPLETED, ""), from);
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
}
