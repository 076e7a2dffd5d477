package io.camelagents.pilot;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelagents.pilot.driver.Capability;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotDisconnectedException;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.driver.PilotTimeoutException;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;
import io.camelagents.pilot.task.PilotTaskFiles;
import io.camelagents.pilot.task.PilotTaskService;
import io.camelagents.pilot.task.PilotTaskWaiter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Submits the body as a task to {@code peer}. InOnly: returns once the peer accepted it for queueing (header
 * CamelPilotTaskId). InOut: waits up to {@code taskTimeout} for the final status; the result becomes the body and
 * the status history a header; a non-success ends in {@link PilotTaskFailedException}. With the newest daemon
 * the updates come back on the submit connection, which is kept for the next InOut task to the same peer when
 * the executor offers it ({@code reuseTaskConnections}, {@link io.camelagents.pilot.task.PilotTaskConnections});
 * with an older daemon (its own task service) they reach our daemon, which records them in its task files, where
 * we follow them.
 */
final class PilotTaskProducer extends PilotProducerSupport {
    private PilotTaskService service;

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
        if (service != null) {
            service.release();
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String description = exchange.getIn().getMandatoryBody(String.class);
        PilotDriver driver = client().driver();
        PilotAddress peer = peer(exchange, driver);
        Duration dialTimeout = Duration.ofMillis(config().getDialTimeout());
        service.awaitServing(dialTimeout);
        String taskId = UUID.randomUUID().toString();
        boolean waitForResult = exchange.getPattern().isOutCapable();
        PilotTaskWaiter waiter = service.expect(taskId, peer);
        // older daemons run the task service themselves and keep its state in files
        PilotTaskFiles files = driver.supports(Capability.DAEMON_TASK_SERVICE) ? PilotTaskFiles.of(config()) : null;
        boolean keepAlive = waitForResult && files == null && config().isReuseTaskConnections();
        TaskMessages.Submit submit = new TaskMessages.Submit(taskId, description, driver.nodeInfo().address().toString(),
                peer.toString(), waitForResult, keepAlive ? Boolean.TRUE : null);
        PilotConnection c = null;
        boolean parked = false;
        try {
            TaskMessages.SubmitResponse response;
            if (files != null) {
                c = driver.dial(new PilotSocketAddress(peer, TaskFrame.TASK_PORT), dialTimeout);
                // The daemon drops status updates for tasks it has no file for, and a fast executor's first update
                // can arrive before the submit response: the file must exist before the SUBMIT leaves.
                files.recordSubmitted(taskId, description, submit.fromAddr(), submit.toAddr());
                response = submitOrForget(c, peer, submit, dialTimeout, files);
            } else {
                c = keepAlive ? service.keptConnections().take(peer) : null;
                response = c == null ? null : submitOnKeptConnection(c, peer, submit, dialTimeout);
                if (response == null) {
                    if (c != null) {
                        c.closeInBackground();
                    }
                    c = driver.dial(new PilotSocketAddress(peer, TaskFrame.TASK_PORT), dialTimeout);
                    response = submit(c, peer, submit, dialTimeout);
                }
            }
            Message out = exchange.getMessage();
            out.setHeader(PilotConstants.TASK_ID, taskId);
            if (response.status() != 200) {
                throw new PilotTaskFailedException(taskId, TaskMessages.Status.DECLINED, response.message(), List.of());
            }
            if (!waitForResult) {
                out.setHeader(PilotConstants.TASK_STATUS, TaskMessages.Status.NEW);
                return;
            }
            if (files != null) {
                awaitFromTaskFiles(files, taskId, out);
                return;
            }
            boolean endedOnConnection = readUpdates(c, waiter);
            if (endedOnConnection && response.keepsConnection()) {
                service.keptConnections().park(peer, c, response.keepAliveMs());
                parked = true;
            }
            TaskMessages.StatusUpdate last = awaitFinal(waiter);
            out.setHeader(PilotConstants.TASK_STATUS, last.status());
            out.setHeader(PilotConstants.TASK_STATUS_HISTORY, waiter.history());
            if (!TaskMessages.Status.SUCCEEDED.equals(last.status()) && !TaskMessages.Status.COMPLETED.equals(last.status())) {
                out.setHeader(PilotConstants.TASK_JUSTIFICATION, last.justification());
                throw new PilotTaskFailedException(taskId, last.status(), last.justification(), waiter.history());
            }
            setResult(out, waiter.results());
        } finally {
            if (c != null && !parked) {
                c.close();
            }
            service.forget(taskId);
        }
    }

    /**
     * Submits on a connection kept from an earlier task. Null when the executor had closed it before our SUBMIT
     * arrived (it idled out there, or the executor restarted): nothing was read, so the caller submits the same
     * task on a new connection. A slow answer is not retried: the task may have been taken.
     */
    private static TaskMessages.SubmitResponse submitOnKeptConnection(PilotConnection c, PilotAddress peer,
            TaskMessages.Submit submit, Duration timeout) throws Exception {
        try {
            TaskFrame.of(TaskFrame.Type.SUBMIT, submit).writeTo(c.getOutputStream());
        } catch (PilotTimeoutException e) {
            throw e;
        } catch (Exception closed) {
            return null;
        }
        c.setReadTimeoutMillis(timeout.toMillis());
        TaskFrame reply;
        try {
            reply = TaskFrame.readFrom(c.getInputStream());
        } catch (java.io.EOFException | PilotDisconnectedException closed) {
            return null;
        }
        if (reply == null) {
            return null;
        }
        return answer(reply, peer);
    }

    private static TaskMessages.SubmitResponse submit(PilotConnection c, PilotAddress peer, TaskMessages.Submit submit,
            Duration timeout) throws Exception {
        TaskFrame.of(TaskFrame.Type.SUBMIT, submit).writeTo(c.getOutputStream());
        c.setReadTimeoutMillis(timeout.toMillis());
        return answer(TaskFrame.readFrom(c.getInputStream()), peer);
    }

    private static TaskMessages.SubmitResponse answer(TaskFrame reply, PilotAddress peer) throws Exception {
        if (reply == null || reply.type() != TaskFrame.Type.SUBMIT) {
            throw new PilotException("peer " + peer + " answered the task submission with "
                    + (reply == null ? "nothing" : reply.type()) + "; is a task executor running there?");
        }
        return reply.as(TaskMessages.SubmitResponse.class);
    }

    /** Submits with a task file already recorded; a task the peer did not accept leaves no file, as with pilotctl. */
    private static TaskMessages.SubmitResponse submitOrForget(PilotConnection c, PilotAddress peer, TaskMessages.Submit submit,
            Duration timeout, PilotTaskFiles files) throws Exception {
        TaskMessages.SubmitResponse response = null;
        try {
            response = submit(c, peer, submit, timeout);
            return response;
        } finally {
            if (response == null || response.status() != 200) {
                files.forgetSubmitted(submit.taskId());
            }
        }
    }

    /**
     * Reads updates the executor sends on the submit connection until the final status; true when that final
     * status arrived on the connection (then nothing of the task is left on it). If the connection ends early (an
     * executor that reports by dialing our port 1003, or a broken link) the waiter still collects what arrives
     * through the task service.
     */
    private boolean readUpdates(PilotConnection c, PilotTaskWaiter waiter) throws Exception {
        long deadline = System.currentTimeMillis() + config().getTaskTimeout();
        InputStream in = c.getInputStream();
        while (!waiter.finalStatus().isDone()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            c.setReadTimeoutMillis(left);
            TaskFrame frame;
            try {
                frame = TaskFrame.readFrom(in);
            } catch (PilotTimeoutException | java.io.EOFException e) {
                return false;
            }
            if (frame == null) {
                return false;
            }
            switch (frame.type()) {
                case STATUS_UPDATE -> {
                    TaskMessages.StatusUpdate update = frame.as(TaskMessages.StatusUpdate.class);
                    waiter.onStatus(update);
                    if (TaskMessages.Status.isFinal(update.status())) {
                        return true;
                    }
                }
                case SEND_RESULTS -> waiter.onResults(frame.as(TaskMessages.Results.class));
                default -> throw new PilotException("unexpected " + frame.type() + " frame from task executor " + waiter.executor);
            }
        }
        return false;
    }

    /**
     * Older daemons receive the updates for tasks we submit themselves and record them in
     * {@code tasks/submitted/<id>.json} and {@code tasks/results/}: follow the file until a final status.
     */
    private void awaitFromTaskFiles(PilotTaskFiles files, String taskId, Message out) throws Exception {
        List<String> history = new ArrayList<>();
        long deadline = System.currentTimeMillis() + config().getTaskTimeout();
        while (true) {
            Optional<ObjectNode> task = files.submitted(taskId);
            String status = task.map(t -> t.path("status").asText("")).orElse("");
            if (!status.isEmpty() && (history.isEmpty() || !history.get(history.size() - 1).equals(status))) {
                history.add(status);
            }
            if (TaskMessages.Status.isFinal(status)) {
                String justification = task.get().path("status_justification").asText("");
                out.setHeader(PilotConstants.TASK_STATUS, status);
                out.setHeader(PilotConstants.TASK_STATUS_HISTORY, List.copyOf(history));
                if (!TaskMessages.Status.COMPLETED.equals(status) && !TaskMessages.Status.SUCCEEDED.equals(status)) {
                    out.setHeader(PilotConstants.TASK_JUSTIFICATION, justification);
                    throw new PilotTaskFailedException(taskId, status, justification, history);
                }
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
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new PilotTimeoutException("task " + taskId + " reached no final status within " + config().getTaskTimeout()
                        + " ms; the daemon's task file " + files.dir().resolve("submitted").resolve(taskId + ".json")
                        + " shows " + history);
            }
            Thread.sleep(100);
        }
    }

    private TaskMessages.StatusUpdate awaitFinal(PilotTaskWaiter waiter) throws Exception {
        try {
            return waiter.finalStatus().get(config().getTaskTimeout(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PilotTimeoutException("task " + waiter.taskId + " reached no final status within "
                    + config().getTaskTimeout() + " ms; seen: " + waiter.history());
        } catch (ExecutionException e) {
            throw new PilotException("task " + waiter.taskId + ": " + e.getCause(), e.getCause());
        }
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
