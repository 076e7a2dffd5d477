package io.camelagents.pilot.task;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.camelagents.pilot.PilotClient;
import io.camelagents.pilot.PilotComponent;
import io.camelagents.pilot.PilotConfiguration;
import io.camelagents.pilot.PilotReconnectLoop;
import io.camelagents.pilot.driver.ByteBudget;
import io.camelagents.pilot.driver.Capability;
import io.camelagents.pilot.driver.LogThrottle;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.driver.PilotTimeoutException;
import io.camelagents.pilot.peer.PilotPeerChannel;
import io.camelagents.pilot.peer.PilotPeerServer;
import io.camelagents.pilot.protocol.FrameAssembler;
import io.camelagents.pilot.protocol.MalformedFrameException;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's task-submit service on port 1003, shared by the {@code pilot:task} consumer (tasks from peers) and
 * producers (status updates and results for tasks we submitted). The newest daemon has no task service, so the
 * component binds the port itself, speaking the v1.2.2 wire format: a SUBMIT is answered on its connection
 * (which may then carry the task's updates back, when the submitter asks for it, as ours do); status updates and
 * results arrive on connections of their own, one frame each.
 * <p>
 * Connections are served by a {@link PilotPeerServer} (no thread per connection, bounded connections and bytes,
 * a deadline per frame). Who may submit is decided from the frame header, before the body is read. One task at a
 * time per connection: a further SUBMIT while a task runs on it is answered 400, never dropped silently. A
 * submitter that asks for keep-alive (ours do) may send its next SUBMIT on the same connection once the task's
 * final status arrived; until then the connection is idle like any other and closes after the idle limit.
 * <p>
 * The service also holds this node's kept submit connections ({@link PilotTaskConnections}) for producers.
 */
public final class PilotTaskService {
    private static final Logger LOG = LoggerFactory.getLogger(PilotTaskService.class);
    /** Serving connections means little more than parsing JSON and answering; the tasks run on the consumer's pool. */
    private static final int CONNECTION_WORKERS = 2;
    private static final int KEPT_CONNECTIONS_SWEEP_SECONDS = 5;
    /** Producers' dials (the driver dials on at most 4 IPC connections at once, so more threads would only wait). */
    private static final int SUBMIT_WORKERS = 4;
    /** Reading executors' reports on submit connections: parsing small JSON frames, never route work. */
    private static final int REPLY_WORKERS = 2;
    /** Continuing the submitters' routes once a task ended (route work never runs on a reading thread). */
    private static final int COMPLETION_WORKERS = 4;
    /** Submissions in flight per node; a further one fails at once instead of queueing without bound. */
    public static final int MAX_SUBMISSIONS_IN_FLIGHT = 10_000;

    /** The consumer side: admits a submission, then runs it once the submitter has its answer. */
    public interface Executor {
        /** Whether this node takes submissions from {@code node} at all; asked before a SUBMIT's body is read. */
        boolean acceptsFrom(PilotAddress node, PilotDriver driver);

        /** Decides; a 200 answer reserves a queue slot that {@link #run} or {@link #abandon} gives back. */
        TaskMessages.SubmitResponse admit(TaskMessages.Submit submit, PilotSocketAddress from, PilotDriver driver);

        /**
         * Schedules an admitted task. With a {@code reply} channel (may be null) the executor reports on the submit
         * connection and gives it back through the channel; {@code releaseBytes} must run when the task ends (the
         * submission's bytes count as in flight until then).
         */
        void run(TaskMessages.Submit submit, PilotAddress submitter, PilotTaskReplyChannel reply, Runnable releaseBytes);

        /** The submitter could not be told that the task was admitted. */
        void abandon(TaskMessages.Submit submit);
    }

    private final PilotClient client;
    private final PilotComponent component;
    private final Map<String, PilotTaskWaiter> waiters = new ConcurrentHashMap<>();
    private final LogThrottle pipelinedLog = new LogThrottle(Duration.ofSeconds(10));
    private final PilotTaskConnections keptConnections = new PilotTaskConnections();
    private volatile Executor executor;
    private volatile PilotListener listener;
    private volatile PilotDriver driver;
    private PilotReconnectLoop loop;
    private ExecutorService connections;
    private volatile PilotPeerServer server;
    private ScheduledFuture<?> keptConnectionsSweep;
    private int users;
    private ExecutorService submitWorkers;
    private ExecutorService replyWorkers;
    private ExecutorService completionWorkers;
    private ByteBudget replyBudget;
    private final Semaphore submissionsInFlight = new Semaphore(MAX_SUBMISSIONS_IN_FLIGHT);

    public PilotTaskService(PilotClient client, PilotComponent component) {
        this.client = client;
        this.component = component;
    }

    /** Starts serving port 1003 on first use. */
    public synchronized void acquire() {
        if (users++ == 0) {
            PilotConfiguration c = component.getConfiguration();
            connections = component.getCamelContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, "PilotTaskService", CONNECTION_WORKERS);
            // producers' pools: fixed pools start their threads on first use, so a consumer-only node starts none
            ExecutorServiceManager pools = component.getCamelContext().getExecutorServiceManager();
            submitWorkers = pools.newFixedThreadPool(this, "PilotTaskSubmit", SUBMIT_WORKERS);
            replyWorkers = pools.newFixedThreadPool(this, "PilotTaskReplies", REPLY_WORKERS);
            completionWorkers = pools.newFixedThreadPool(this, "PilotTaskCompletion", COMPLETION_WORKERS);
            replyBudget = new ByteBudget(c.getMaxPeerBytesInFlight());
            // a task connection must start its first frame within the frame deadline, so that is its idle limit too
            server = new PilotPeerServer("task service (port " + TaskFrame.TASK_PORT + ")",
                    c.peerLimits(TaskFrame.MAX_JSON_BYTES, c.getPeerFrameTimeout()), connections,
                    component.scheduler(), new TaskProtocol());
            loop = new PilotReconnectLoop("PilotTaskService[1003]", client, component.getConfiguration(),
                    component.getCamelContext(), this, this::serve);
            loop.start();
            keptConnectionsSweep = component.scheduler().scheduleWithFixedDelay(keptConnections::closeExpired,
                    KEPT_CONNECTIONS_SWEEP_SECONDS, KEPT_CONNECTIONS_SWEEP_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Stops serving when the last user is gone. */
    public synchronized void release() {
        if (users > 0 && --users == 0) {
            stopServing();
        }
    }

    public synchronized void close() {
        if (users > 0) {
            users = 0;
            stopServing();
        }
    }

    private void stopServing() {
        keptConnectionsSweep.cancel(false);
        keptConnections.closeAll();
        loop.stop(component.getConfiguration().getShutdownTimeout(), this::closeListener);
        server.stop();
        ExecutorServiceManager pools = component.getCamelContext().getExecutorServiceManager();
        long grace = component.getConfiguration().getShutdownTimeout();
        pools.shutdownGraceful(connections, grace);
        pools.shutdownGraceful(submitWorkers, grace);
        pools.shutdownGraceful(replyWorkers, grace);
        pools.shutdownGraceful(completionWorkers, grace);
        waiters.clear();
    }

    public void setExecutor(Executor e) {
        this.executor = e;
    }

    public void clearExecutor(Executor e) {
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
    public void awaitServing(Duration timeout) throws PilotException {
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

    /** Where producers dial and send their SUBMITs (the only step that may wait: for the daemon's dial). */
    public ExecutorService submitWorkers() {
        return submitWorkers;
    }

    /** Where the executors' reports on submit connections are read ({@link PilotTaskFrameReader}). */
    public ExecutorService replyWorkers() {
        return replyWorkers;
    }

    /** Where a submitting exchange continues its route once its task ended. */
    public ExecutorService completionWorkers() {
        return completionWorkers;
    }

    /** Bounds the bytes of executors' reports being assembled, over all submit connections of this node. */
    public ByteBudget replyBudget() {
        return replyBudget;
    }

    /** Takes a slot for one submission; false when {@link #MAX_SUBMISSIONS_IN_FLIGHT} are in flight. */
    public boolean admitSubmission() {
        return submissionsInFlight.tryAcquire();
    }

    public void submissionEnded() {
        submissionsInFlight.release();
    }

    /** True when port 1003 is bound (or the daemon serves tasks itself), so results can reach us. */
    public boolean isServing() {
        return state() == PilotReconnectLoop.State.SERVING;
    }

    /** Submit connections kept open between tasks, per executor node (producers take and park them). */
    public PilotTaskConnections keptConnections() {
        return keptConnections;
    }

    public PilotTaskWaiter expect(String taskId, PilotAddress executorNode) {
        PilotTaskWaiter w = new PilotTaskWaiter(taskId, executorNode);
        waiters.put(taskId, w);
        return w;
    }

    public void forget(String taskId) {
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
        PilotListener l = server.listen(driver, TaskFrame.TASK_PORT);
        listener = l;
        this.driver = driver;
        try {
            loop.serving();
            LOG.info("task service bound to port {} on {}", TaskFrame.TASK_PORT, driver.nodeInfo().address());
            server.acceptFrom(l, loop::isRunning);
        } finally {
            listener = null;
            l.close();
            server.closeAll();
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

    /** Peer-connection counters (for the consumer's readiness details and tests). */
    public Map<String, Object> stats() {
        PilotPeerServer s = server;
        return s == null ? Map.of() : s.stats();
    }

    /**
     * One conversation on a task connection: its first frame decides what it is for. A kept connection holds one
     * conversation per task, one after the other.
     */
    private static final class Conversation {
        final TaskFrame.Type type;
        String taskId;
        /** Complete frames of this conversation; only the connection's drain touches it. */
        int frames;
        /** Set (by the task's reporter) once a kept connection's task sends its final report: what comes next opens a new conversation. */
        volatile boolean over;

        Conversation(TaskFrame.Type type) {
            this.type = type;
        }
    }

    /**
     * The v1.2.2 task protocol on a {@link PilotPeerServer}. The first frame decides: a SUBMIT is answered (and
     * its connection may carry the task's updates back, and then the submitter's next SUBMIT); a status update or
     * results are recorded and the connection closes, as v1.2.2 reads one frame per connection. Anything
     * malformed closes that connection only.
     */
    private final class TaskProtocol implements PilotPeerServer.Protocol {
        @Override
        public int headerBytes() {
            return 8;
        }

        @Override
        public FrameAssembler.Body onHeader(PilotPeerChannel ch, ByteBuffer header) throws Exception {
            TaskFrame.Type type = TaskFrame.Type.of(Integer.toUnsignedLong(header.getInt()));
            long len = Integer.toUnsignedLong(header.getInt());
            if (len > TaskFrame.MAX_JSON_BYTES) {
                throw new MalformedFrameException("task frame length " + len + " exceeds the limit of " + TaskFrame.MAX_JSON_BYTES);
            }
            Conversation current = (Conversation) ch.attachment();
            if (current != null && !current.over) {
                // after the first frame only a submitter's connection is still read: SUBMITs are refused by id
                return type == TaskFrame.Type.SUBMIT ? FrameAssembler.Body.collect(len) : FrameAssembler.Body.skip(len);
            }
            ch.attach(new Conversation(type));
            PilotAddress from = ch.remote().address();
            switch (type) {
                case SUBMIT -> {
                    Executor e = executor;
                    if (e != null && !e.acceptsFrom(from, driver)) {
                        refuse(ch, "", "node " + from + " is not trusted by this node; complete a handshake first", "untrusted");
                        return FrameAssembler.Body.stop();
                    }
                    if (len > server.budget().available()) {
                        refuse(ch, "", "this node holds too much task data from peers right now; try again later", "busy");
                        return FrameAssembler.Body.stop();
                    }
                    return FrameAssembler.Body.collect(len);
                }
                case STATUS_UPDATE, SEND_RESULTS -> {
                    if (!expectsReportsFrom(from)) {
                        server.closeFor(ch, "unexpected", type + " from " + from + ", which runs none of our tasks");
                        return FrameAssembler.Body.stop();
                    }
                    return FrameAssembler.Body.collect(len);
                }
                default -> {
                    server.closeFor(ch, "unexpected", "a " + type + " frame opens no task conversation");
                    return FrameAssembler.Body.stop();
                }
            }
        }

        @Override
        public void onFrame(PilotPeerChannel ch, FrameAssembler.Frame frame) throws Exception {
            TaskFrame.Type type = TaskFrame.Type.of(Integer.toUnsignedLong(frame.header().getInt()));
            Conversation conversation = (Conversation) ch.attachment();
            if (++conversation.frames > 1) {
                refusePipelined(ch, conversation, type, frame);
                return;
            }
            TaskFrame taskFrame = new TaskFrame(type, frame.body());
            LOG.debug("task frame {} from {}", type, ch.remote());
            switch (type) {
                case SUBMIT -> onSubmit(taskFrame.as(TaskMessages.Submit.class), ch, frame, conversation);
                case STATUS_UPDATE -> {
                    onStatus(taskFrame.as(TaskMessages.StatusUpdate.class), ch.remote());
                    ch.close();
                }
                case SEND_RESULTS -> {
                    onResults(taskFrame.as(TaskMessages.Results.class), ch.remote());
                    ch.close();
                }
                default -> ch.close();
            }
        }
    }

    /** Answers a SUBMIT with 400 before its body was read, then closes. */
    private void refuse(PilotPeerChannel ch, String taskId, String message, String counter) {
        server.count("refused." + counter);
        try {
            ch.write(TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.SubmitResponse(taskId, 400, message)).toBytes());
        } catch (Exception e) {
            LOG.debug("could not tell {} why it was refused: {}", ch.remote(), e.getMessage());
        }
        server.closeFor(ch, "refused-" + counter, message);
    }

    /**
     * A frame after the first while a submitter's task runs. v1.2.2 would ignore it silently; we answer a SUBMIT
     * with 400 (the submitter learns its task will not run) and log, rate-limited, whatever else arrives.
     */
    private void refusePipelined(PilotPeerChannel ch, Conversation first, TaskFrame.Type type, FrameAssembler.Frame frame) throws Exception {
        String what;
        if (type == TaskFrame.Type.SUBMIT && first.type == TaskFrame.Type.SUBMIT) {
            TaskMessages.Submit extra = new TaskFrame(type, frame.body()).as(TaskMessages.Submit.class);
            server.count("refused.pipelinedSubmit");
            ch.write(TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.SubmitResponse(extra.taskId(), 400,
                    "one task at a time per connection: task " + first.taskId + " has not ended on this connection"
                            + "; open a new connection, or wait for its final status with keep-alive")).toBytes());
            what = "SUBMIT of task " + extra.taskId() + " refused (400)";
        } else {
            server.count("ignored.frameAfterSubmit");
            what = type + " frame ignored";
        }
        long heldBack = pipelinedLog.admit();
        if (heldBack >= 0) {
            LOG.warn("{} sent another frame on the connection of task {}: {}; one task at a time per connection{}", ch.remote(),
                    first.taskId, what, LogThrottle.more(heldBack));
        }
    }

    private void onSubmit(TaskMessages.Submit submit, PilotPeerChannel ch, FrameAssembler.Frame frame, Conversation conversation)
            throws Exception {
        conversation.taskId = submit.taskId();
        Executor e = executor;
        TaskMessages.SubmitResponse response;
        if (submit.taskId() == null || submit.taskId().isBlank()) {
            response = new TaskMessages.SubmitResponse(submit.taskId(), 400, "task_id is required");
        } else if (e == null) {
            response = new TaskMessages.SubmitResponse(submit.taskId(), 400, "this node runs no task executor");
        } else {
            response = e.admit(submit, ch.remote(), driver);
        }
        boolean handOver = response.status() == 200 && submit.wantsReplyOnConnection();
        boolean keepAlive = handOver && submit.wantsKeepAlive();
        if (keepAlive) {
            // the submitter may reuse the connection after the task; it stops doing so well before our idle limit
            response = new TaskMessages.SubmitResponse(response.taskId(), response.status(), response.message(),
                    server.limits().idleTimeoutMillis());
        }
        try {
            ch.write(TaskFrame.of(TaskFrame.Type.SUBMIT, response).toBytes());
        } catch (Exception writeFailed) {
            if (response.status() == 200) {
                e.abandon(submit);
            }
            throw writeFailed;
        }
        if (handOver) {
            ch.handOver(); // further SUBMITs on it are answered 400 as they come, until the task's final report
        } else {
            ch.closeWhenDrained(); // v1.2.2 closes after its answer; SUBMITs already received are answered first
        }
        if (response.status() != 200) {
            return;
        }
        e.run(submit, ch.remote().address(), handOver ? replyChannel(ch, conversation, keepAlive) : null, frame.keep());
    }

    /**
     * How a task gives its submit connection back. Without keep-alive the connection closes after the task. With
     * it, the connection is served again just before the final report goes out (the submitter sends its next
     * SUBMIT only after reading that report), unless the task ended without a final report on it.
     */
    private PilotTaskReplyChannel replyChannel(PilotPeerChannel ch, Conversation conversation, boolean keepAlive) {
        if (!keepAlive) {
            return new PilotTaskReplyChannel(ch.connection(), null, () -> server.takeBack(ch));
        }
        return new PilotTaskReplyChannel(ch.connection(), () -> {
            conversation.over = true;
            server.resume(ch);
        }, () -> {
            if (!conversation.over) {
                server.takeBack(ch);
            }
        });
    }

    /** Whether a task we submitted runs at {@code node}: only then may it send us updates or results. */
    private boolean expectsReportsFrom(PilotAddress node) {
        return waiters.values().stream().anyMatch(w -> w.executor.equals(node));
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
