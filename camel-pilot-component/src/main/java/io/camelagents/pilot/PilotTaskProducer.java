package io.camelagents.pilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelagents.pilot.driver.Capability;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDisconnectedException;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.driver.PilotTimeoutException;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;
import io.camelagents.pilot.task.PilotTaskFiles;
import io.camelagents.pilot.task.PilotTaskFrameReader;
import io.camelagents.pilot.task.PilotTaskService;
import io.camelagents.pilot.task.PilotTaskWaiter;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncCallbackToCompletableFutureAdapter;
import org.apache.camel.support.AsyncProcessorHelper;

/**
 * Submits the body as a task to {@code peer}. InOnly: returns once the peer accepted it for queueing (header
 * CamelPilotTaskId). InOut: waits up to {@code taskTimeout} for the final status; the result becomes the body and
 * the status history a header; a non-success ends in {@link PilotTaskFailedException}. With the newest daemon
 * the updates come back on the submit connection, which is kept for the next InOut task to the same peer when
 * the executor offers it ({@code reuseTaskConnections}, {@link io.camelagents.pilot.task.PilotTaskConnections});
 * with an older daemon (its own task service) they reach our daemon, which records them in its task files, where
 * we follow them.
 * <p>
 * Asynchronous: no thread waits for a task (see {@link #process(Exchange, AsyncCallback)}).
 */
final class PilotTaskProducer extends PilotProducerSupport implements AsyncProducer {
    private static final long TASK_FILE_POLL_MILLIS = 100;

    private PilotTaskService service;
    private final Set<Submission> inFlight = ConcurrentHashMap.newKeySet();

    PilotTaskProducer(PilotEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        service = client().taskService(getEndpoint().getComponent());
        service.acquire(); // results come back to our port 1003
    }

    @Override
    protected void doStop() throws Exception {
        // Camel waits for in-flight exchanges before stopping a route; what is still here is ended, not abandoned
        for (Submission s : inFlight) {
            s.fail("error", new PilotException("the pilot:task producer stopped before task " + s.taskId + " ended"));
        }
        if (service != null) {
            service.release();
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        AsyncProcessorHelper.process(this, exchange);
    }

    @Override
    public CompletableFuture<Exchange> processAsync(Exchange exchange) {
        AsyncCallbackToCompletableFutureAdapter<Exchange> callback = new AsyncCallbackToCompletableFutureAdapter<>(exchange);
        process(exchange, callback);
        return callback.getFuture();
    }

    /**
     * Never waits: the dial and the SUBMIT run on the task service's small submit pool, the executor's reports are
     * read as they arrive ({@link PilotTaskFrameReader}), deadlines run on the component's scheduler, and the
     * callback runs on the completion pool. A waiting task holds a connection and a few objects, no thread.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        long started = System.nanoTime();
        if (!service.admitSubmission()) {
            exchange.setException(new PilotException("more than " + PilotTaskService.MAX_SUBMISSIONS_IN_FLIGHT
                    + " pilot:task submissions are in flight on this node; try again later"));
            getEndpoint().getComponent().metrics().taskCompleted("rejected", System.nanoTime() - started);
            callback.done(true);
            return true;
        }
        Submission s = new Submission(exchange, callback, started);
        inFlight.add(s);
        try {
            service.submitWorkers().execute(s::start);
        } catch (RejectedExecutionException e) {
            s.fail("error", new PilotException("the pilot:task producer is stopping", e));
        }
        return false;
    }

    /**
     * One exchange's task: submit, then follow the reports. Every path ends in {@link #end} exactly once, from
     * whichever thread saw the end (the drain, a deadline, the task service, the task-file poll).
     */
    private final class Submission implements PilotTaskFrameReader.Listener {
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final long started;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final String taskId = UUID.randomUUID().toString();
        private final boolean waitForResult;
        private PilotAddress peer;
        private PilotTaskWaiter waiter;
        private PilotTaskFiles files;
        private TaskMessages.Submit submit;
        private boolean keepAlive;
        private Duration dialTimeout;
        // connection state: changed on the submit pool before reading starts, then only by the drain
        private volatile PilotConnection connection;
        private volatile PilotTaskFrameReader reader;
        private boolean onKeptConnection;
        private volatile boolean awaitingResponse = true;
        private volatile TaskMessages.SubmitResponse response;
        /** The final status arrived on the connection (the drain parks or closes it), not through the task service. */
        private volatile boolean finalOnConnection;
        private volatile ScheduledFuture<?> deadline;

        Submission(Exchange exchange, AsyncCallback callback, long started) {
            this.exchange = exchange;
            this.callback = callback;
            this.started = started;
            this.waitForResult = exchange.getPattern().isOutCapable();
        }

        /** On the submit pool: everything up to the SUBMIT on the wire. */
        void start() {
            try {
                String description = exchange.getIn().getMandatoryBody(String.class);
                PilotDriver driver = client().driver();
                peer = peer(exchange, driver);
                dialTimeout = Duration.ofMillis(config().getDialTimeout());
                if (!service.isServing()) {
                    service.awaitServing(dialTimeout); // only while the service binds port 1003 (start, reconnect)
                }
                waiter = service.expect(taskId, peer);
                // older daemons run the task service themselves and keep its state in files
                files = driver.supports(Capability.DAEMON_TASK_SERVICE) ? PilotTaskFiles.of(config()) : null;
                keepAlive = waitForResult && files == null && config().isReuseTaskConnections();
                submit = new TaskMessages.Submit(taskId, description, driver.nodeInfo().address().toString(),
                        peer.toString(), waitForResult, keepAlive ? Boolean.TRUE : null);
                if (files != null) {
                    connection = driver.dial(new PilotSocketAddress(peer, TaskFrame.TASK_PORT), dialTimeout);
                    // The daemon drops status updates for tasks it has no file for, and a fast executor's first
                    // update can arrive before the submit response: the file must exist before the SUBMIT leaves.
                    files.recordSubmitted(taskId, description, submit.fromAddr(), submit.toAddr());
                    send();
                    return;
                }
                PilotConnection kept = keepAlive ? service.keptConnections().take(peer) : null;
                if (kept != null) {
                    connection = kept;
                    onKeptConnection = true;
                    if (sendOnKeptConnection()) {
                        return;
                    }
                    kept.closeInBackground();
                    onKeptConnection = false;
                }
                dialAndSend();
            } catch (Exception e) {
                fail(outcomeOf(e), e);
            }
        }

        private void dialAndSend() throws Exception {
            connection = client().driver().dial(new PilotSocketAddress(peer, TaskFrame.TASK_PORT), dialTimeout);
            send();
        }

        /**
         * False when the executor had closed the kept connection before our SUBMIT went out: then the same task
         * goes on a new connection. A write that timed out is not retried (the SUBMIT may be on its way).
         */
        private boolean sendOnKeptConnection() throws Exception {
            try {
                TaskFrame.of(TaskFrame.Type.SUBMIT, submit).writeTo(connection.getOutputStream());
            } catch (PilotTimeoutException e) {
                throw e;
            } catch (Exception closed) {
                return false;
            }
            startReading();
            return true;
        }

        private void send() throws Exception {
            TaskFrame.of(TaskFrame.Type.SUBMIT, submit).writeTo(connection.getOutputStream());
            startReading();
        }

        private void startReading() {
            PilotTaskFrameReader r = new PilotTaskFrameReader(connection, service.replyWorkers(), service.replyBudget(), this);
            reader = r;
            schedule(dialTimeout.toMillis(), () -> {
                if (awaitingResponse) {
                    fail("timeout", new PilotTimeoutException("peer " + peer + " did not answer the submission of task "
                            + taskId + " within " + dialTimeout.toMillis() + " ms"));
                }
            });
            if (!ended.get()) {
                r.start();
            }
        }

        // ---- the drain: frames from the executor, one at a time

        @Override
        public boolean onFrame(TaskFrame frame) throws Exception {
            if (awaitingResponse) {
                if (frame.type() != TaskFrame.Type.SUBMIT) {
                    throw new PilotException("peer " + peer + " answered the task submission with " + frame.type()
                            + "; is a task executor running there?");
                }
                return onResponse(frame.as(TaskMessages.SubmitResponse.class));
            }
            switch (frame.type()) {
                case STATUS_UPDATE -> {
                    TaskMessages.StatusUpdate update = frame.as(TaskMessages.StatusUpdate.class);
                    if (TaskMessages.Status.isFinal(update.status())) {
                        finalOnConnection = true; // before the waiter completes: the drain ends the exchange
                        waiter.onStatus(update);
                        return false;
                    }
                    waiter.onStatus(update);
                    return true;
                }
                case SEND_RESULTS -> {
                    waiter.onResults(frame.as(TaskMessages.Results.class));
                    return true;
                }
                default -> throw new PilotException("unexpected " + frame.type() + " frame from task executor " + waiter.executor);
            }
        }

        private boolean onResponse(TaskMessages.SubmitResponse answer) throws Exception {
            response = answer;
            awaitingResponse = false;
            cancelDeadline();
            if (answer.status() != 200) {
                if (files != null) {
                    files.forgetSubmitted(taskId); // a task the peer did not accept leaves no file, as with pilotctl
                }
                fail("rejected", new PilotTaskFailedException(taskId, TaskMessages.Status.DECLINED, answer.message(), List.of()));
                return false;
            }
            if (!waitForResult) {
                end("succeeded", null, out -> out.setHeader(PilotConstants.TASK_STATUS, TaskMessages.Status.NEW));
                return false;
            }
            long taskTimeout = config().getTaskTimeout();
            if (files != null) {
                followTaskFile(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(taskTimeout));
                return false; // the reports go to our daemon, which writes them to the task file
            }
            schedule(taskTimeout, () -> fail("timeout", new PilotTimeoutException("task " + taskId
                    + " reached no final status within " + taskTimeout + " ms; seen: " + waiter.history())));
            // an executor may report by dialing our port 1003 instead: then the task service completes the waiter
            waiter.finalStatus().whenComplete((last, e) -> {
                if (!finalOnConnection) {
                    endWithFinalStatus(false);
                }
            });
            return true;
        }

        @Override
        public void onStopped(boolean leftover) {
            if (finalOnConnection) {
                // the task's reports are over; the executor keeps the connection for our next SUBMIT if it said so
                endWithFinalStatus(!leftover && response.keepsConnection());
            }
            // otherwise the exchange already ended (declined, InOnly, task files)
        }

        @Override
        public void onEnded(Exception cause) {
            boolean closed = cause == null || cause instanceof java.io.EOFException || cause instanceof PilotDisconnectedException;
            if (awaitingResponse) {
                if (onKeptConnection && closed) {
                    retryOnNewConnection(); // the executor closed the kept connection under our SUBMIT: nothing was taken
                    return;
                }
                if (cause == null) {
                    fail("error", new PilotException("peer " + peer + " answered the task submission with nothing; "
                            + "is a task executor running there?"));
                } else {
                    fail(outcomeOf(cause), cause);
                }
                return;
            }
            if (ended.get()) {
                return;
            }
            if (cause == null || cause instanceof java.io.EOFException) {
                // the connection ended early (an executor that reports by dialing our port 1003, or a broken link):
                // what arrives through the task service still ends the task, within the task deadline
                closeConnection();
                return;
            }
            fail(outcomeOf(cause), cause);
        }

        private void retryOnNewConnection() {
            closeConnection();
            onKeptConnection = false;
            awaitingResponse = true;
            cancelDeadline();
            try {
                service.submitWorkers().execute(() -> {
                    try {
                        dialAndSend();
                    } catch (Exception e) {
                        fail(outcomeOf(e), e);
                    }
                });
            } catch (RejectedExecutionException e) {
                fail("error", new PilotException("the pilot:task producer is stopping", e));
            }
        }

        // ---- ends

        /** @param park on the drain only, after the reader stopped: keep the connection for the next task */
        private void endWithFinalStatus(boolean park) {
            TaskMessages.StatusUpdate last = waiter.finalStatus().getNow(null);
            if (last == null) {
                return;
            }
            List<String> history = waiter.history();
            if (!TaskMessages.Status.SUCCEEDED.equals(last.status()) && !TaskMessages.Status.COMPLETED.equals(last.status())) {
                end("failed", new PilotTaskFailedException(taskId, last.status(), last.justification(), history), out -> {
                    out.setHeader(PilotConstants.TASK_STATUS, last.status());
                    out.setHeader(PilotConstants.TASK_STATUS_HISTORY, history);
                    out.setHeader(PilotConstants.TASK_JUSTIFICATION, last.justification());
                }, park);
                return;
            }
            TaskMessages.Results results = waiter.results();
            end("succeeded", null, out -> {
                out.setHeader(PilotConstants.TASK_STATUS, last.status());
                out.setHeader(PilotConstants.TASK_STATUS_HISTORY, history);
                setResult(out, results);
            }, park);
        }

        void fail(String outcome, Exception e) {
            end(outcome, e, null, false);
        }

        private void end(String outcome, Exception failure, MessageFiller result) {
            end(outcome, failure, result, false);
        }

        /**
         * Ends the exchange once: frees the connection (parked for the next task when its reports ended cleanly on
         * it and the executor keeps it, else closed), records the outcome, and continues the route on the
         * completion pool. {@code result} fills the message (may be null; runs there too, so it may read files).
         */
        private void end(String outcome, Exception failure, MessageFiller result, boolean park) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            cancelDeadline();
            PilotTaskFrameReader r = reader;
            PilotConnection c = connection;
            if (c != null) {
                if (park) {
                    service.keptConnections().park(peer, c, response.keepAliveMs());
                } else {
                    if (r != null) {
                        r.cancel();
                    }
                    c.closeInBackground();
                }
            }
            if (files != null && response == null) {
                forgetTaskFile(); // a task the peer did not accept leaves no file, as with pilotctl
            }
            service.forget(taskId);
            service.submissionEnded();
            inFlight.remove(this);
            getEndpoint().getComponent().metrics().taskCompleted(outcome, System.nanoTime() - started);
            Runnable complete = () -> {
                try {
                    Message out = exchange.getMessage();
                    out.setHeader(PilotConstants.TASK_ID, taskId);
                    if (result != null) {
                        result.fill(out);
                    }
                    if (failure != null) {
                        exchange.setException(failure);
                    }
                } catch (Exception e) {
                    exchange.setException(e);
                } finally {
                    callback.done(false);
                }
            };
            try {
                service.completionWorkers().execute(complete);
            } catch (RejectedExecutionException | NullPointerException stopping) {
                complete.run(); // the pools are gone (the producer stopped): finish here
            }
        }

        private void forgetTaskFile() {
            try {
                files.forgetSubmitted(taskId);
            } catch (java.io.IOException ignored) {
                // the daemon's task directory is not writable any more: the file stays, nothing else depends on it
            }
        }

        private void closeConnection() {
            PilotConnection c = connection;
            if (c != null) {
                c.closeInBackground();
            }
        }

        private synchronized void schedule(long millis, Runnable action) {
            ScheduledFuture<?> previous = deadline;
            if (previous != null) {
                previous.cancel(false);
            }
            deadline = getEndpoint().getComponent().scheduler().schedule(action, millis, TimeUnit.MILLISECONDS);
        }

        private synchronized void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
                deadline = null;
            }
        }

        /**
         * Older daemons receive the updates for tasks we submit themselves and record them in
         * {@code tasks/submitted/<id>.json} and {@code tasks/results/}: the scheduler looks at the file every
         * {@value #TASK_FILE_POLL_MILLIS} ms until a final status (a few small file reads; no thread waits).
         */
        private void followTaskFile(long deadlineNanos) {
            List<String> history = new ArrayList<>();
            ScheduledFuture<?>[] poll = new ScheduledFuture<?>[1];
            synchronized (this) {
                poll[0] = getEndpoint().getComponent().scheduler().scheduleWithFixedDelay(() -> {
                    if (ended.get()) {
                        poll[0].cancel(false);
                        return;
                    }
                    try {
                        if (checkTaskFile(history, deadlineNanos)) {
                            poll[0].cancel(false);
                        }
                    } catch (Exception e) {
                        poll[0].cancel(false);
                        fail(outcomeOf(e), e);
                    }
                }, TASK_FILE_POLL_MILLIS, TASK_FILE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                deadline = poll[0];
            }
        }

        /** True once the task ended (final status in the file, or its deadline passed). */
        private boolean checkTaskFile(List<String> history, long deadlineNanos) throws Exception {
            Optional<ObjectNode> task = files.submitted(taskId);
            String status = task.map(t -> t.path("status").asText("")).orElse("");
            if (!status.isEmpty() && (history.isEmpty() || !history.get(history.size() - 1).equals(status))) {
                history.add(status);
            }
            if (TaskMessages.Status.isFinal(status)) {
                String justification = task.get().path("status_justification").asText("");
                List<String> seen = List.copyOf(history);
                if (!TaskMessages.Status.COMPLETED.equals(status) && !TaskMessages.Status.SUCCEEDED.equals(status)) {
                    end("failed", new PilotTaskFailedException(taskId, status, justification, seen), out -> {
                        out.setHeader(PilotConstants.TASK_STATUS, status);
                        out.setHeader(PilotConstants.TASK_STATUS_HISTORY, seen);
                        out.setHeader(PilotConstants.TASK_JUSTIFICATION, justification);
                    });
                    return true;
                }
                end("succeeded", null, out -> {
                    out.setHeader(PilotConstants.TASK_STATUS, status);
                    out.setHeader(PilotConstants.TASK_STATUS_HISTORY, seen);
                    readResultFile(out);
                });
                return true;
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                fail("timeout", new PilotTimeoutException("task " + taskId + " reached no final status within "
                        + config().getTaskTimeout() + " ms; the daemon's task file "
                        + files.dir().resolve("submitted").resolve(taskId + ".json") + " shows " + history));
                return true;
            }
            return false;
        }

        private void readResultFile(Message out) throws Exception {
            Optional<Path> result = files.result(taskId);
            if (result.isPresent()) {
                String name = result.get().getFileName().toString().substring(taskId.length() + 1);
                if (name.equals("result.txt")) {
                    out.setHeader(PilotConstants.TASK_RESULT_TYPE, "text");
                    out.setBody(Files.readString(result.get()));
                } else {
                    out.setHeader(PilotConstants.TASK_RESULT_TYPE, "file");
                    out.setHeader(PilotConstants.FILE_NAME, name);
                    out.setBody(Files.readAllBytes(result.get()));
                }
            }
        }
    }

    /** Fills the exchange's message once its task ended (on the completion pool). */
    @FunctionalInterface
    private interface MessageFiller {
        void fill(Message out) throws Exception;
    }

    private static String outcomeOf(Throwable e) {
        return e instanceof PilotTimeoutException ? "timeout" : "error";
    }

    private static void setResult(Message out, TaskMessages.Results r) {
        if (r == null) {
            out.setBody(null);
            return;
        }
        out.setHeader(PilotConstants.TASK_RESULT_TYPE, r.resultType());
        if ("file".equals(r.resultType())) {
            out.setHeader(PilotConstants.FILE_NAME, r.filename());
            out.setBody(Base64.getDecoder().decode(r.fileData() == null ? "" : r.fileData()));
        } else {
            out.setBody(r.resultText());
        }
    }
}
