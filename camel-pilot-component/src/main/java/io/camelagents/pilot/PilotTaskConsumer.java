package io.camelagents.pilot;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelagents.pilot.driver.Capability;
import io.camelagents.pilot.driver.PilotAddress;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotException;
import io.camelagents.pilot.driver.PilotSocketAddress;
import io.camelagents.pilot.protocol.TaskMessages.Status;
import io.camelagents.pilot.protocol.TaskMessages;
import io.camelagents.pilot.task.PilotTaskFiles;
import io.camelagents.pilot.task.PilotTaskReplyChannel;
import io.camelagents.pilot.task.PilotTaskReporter;
import io.camelagents.pilot.task.PilotTaskService;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the route for tasks that peers submit to this node (port 1003). Lifecycle as the submitter sees it:
 * NEW (accepted for queueing) → ACCEPTED → EXECUTING → results + SUCCEEDED, or FAILED / DECLINED with a
 * justification when the route fails. Updates go back on the submit connection when the submitter asks for it
 * (our producer does), else to the submitter's port 1003 as v1.2.2 expects. At most {@code concurrentTasks} run at once and {@code maxQueuedTasks}
 * wait; beyond that submissions are refused, so memory stays bounded.
 */
final class PilotTaskConsumer extends PilotConsumerSupport implements PilotTaskService.Executor {
    private static final Logger LOG = LoggerFactory.getLogger(PilotTaskConsumer.class);
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int MAX_JUSTIFICATION = 512;

    private PilotTaskService service;
    private ExecutorService workers;
    private Semaphore admission;
    /** Ids of tasks queued or running here: a second SUBMIT with one of them is refused. */
    private final Set<String> activeTaskIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicatesRefused = new AtomicLong();
    private final PilotTaskReporter.Outcomes reportOutcomes = new PilotTaskReporter.Outcomes();
    private final Object servingLock = new Object();

    PilotTaskConsumer(PilotEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    String describe() {
        return "task";
    }

    @Override
    protected void doStart() throws Exception {
        PilotConfiguration c = config();
        admission = new Semaphore(c.getConcurrentTasks() + c.getMaxQueuedTasks());
        workers = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "PilotTask", c.getConcurrentTasks());
        service = getEndpoint().client().taskService(getEndpoint().getComponent());
        service.acquire();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (service != null) {
            service.release();
        }
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(workers, config().getShutdownTimeout());
            workers = null;
        }
    }

    /** Serving = being the executor of the node's task service (held from start to stop) while it is bound. */
    @Override
    void serve(PilotDriver driver) throws Exception {
        if (driver.supports(Capability.DAEMON_TASK_SERVICE)) {
            serveFromTaskFiles(driver);
            return;
        }
        service.setExecutor(this);
        try {
            service.awaitServing(Duration.ofMillis(config().getDialTimeout()));
            serving();
            synchronized (servingLock) {
                while (isServingAllowed() && driver.isConnected()) {
                    servingLock.wait(500);
                }
            }
        } finally {
            service.clearExecutor(this);
        }
    }

    /**
     * Older daemons (v1.2.2 generation) run the task service themselves and queue received tasks as files. Here
     * the consumer plays pilotctl's part: picks up NEW tasks, marks them ACCEPTED and EXECUTING in the file and
     * towards the submitter, runs the route, and sends results and the final status to the submitter's daemon.
     */
    private void serveFromTaskFiles(PilotDriver driver) throws Exception {
        PilotTaskFiles files = PilotTaskFiles.of(config());
        serving();
        LOG.info("executing tasks the daemon queues in {}", files.dir());
        while (isServingAllowed() && driver.isConnected()) {
            for (ObjectNode task : files.newReceivedTasks()) {
                String id = task.path("task_id").asText();
                PilotAddress from;
                try {
                    from = PilotAddress.parse(task.path("from").asText());
                } catch (IllegalArgumentException e) {
                    LOG.warn("task file {} has no valid submitter address; skipped", id);
                    continue;
                }
                if (!admission.tryAcquire()) {
                    break; // the queue is full: leave the rest NEW for the next scan
                }
                TaskMessages.Submit submit = new TaskMessages.Submit(id, task.path("task_description").asText(""),
                        from.toString(), task.path("to").asText(""));
                if (config().getAcceptFrom() == PilotTaskAcceptPolicy.trusted && !isTrusted(driver, from)) {
                    files.updateReceived(id, Status.DECLINED, "submitter is not trusted by this node");
                    try (PilotTaskReporter reporter = reporter(id, from, null)) {
                        reporter.status(Status.DECLINED, "node " + from + " is not trusted by this node");
                    } finally {
                        admission.release();
                    }
                    continue;
                }
                files.updateReceived(id, Status.ACCEPTED, "Task accepted");
                long acceptedAt = System.nanoTime();
                PilotTaskReporter reporter = reporter(id, from, null);
                try {
                    workers.submit(() -> execute(submit, from, reporter, acceptedAt, files, admission::release));
                } catch (RuntimeException stopping) {
                    reporter.close();
                    admission.release();
                }
            }
            synchronized (servingLock) {
                servingLock.wait(config().getPollDelay());
            }
        }
    }

    private PilotTaskReporter reporter(String taskId, PilotAddress submitter, PilotTaskReplyChannel reply) {
        return new PilotTaskReporter(getEndpoint().client(), taskId, submitter, reply,
                Duration.ofMillis(config().getDialTimeout()), reportOutcomes);
    }

    @Override
    void interruptServe() {
        synchronized (servingLock) {
            servingLock.notifyAll();
        }
    }

    @Override
    public boolean acceptsFrom(PilotAddress node, PilotDriver driver) {
        if (config().getAcceptFrom() == PilotTaskAcceptPolicy.trusted && !isTrusted(driver, node)) {
            LOG.debug("task submission from untrusted node {} refused before reading it", node);
            return false;
        }
        return true;
    }

    @Override
    public TaskMessages.SubmitResponse admit(TaskMessages.Submit submit, PilotSocketAddress from, PilotDriver driver) {
        String id = submit.taskId();
        if (!TASK_ID.matcher(id).matches()) {
            return new TaskMessages.SubmitResponse(id, 400, "task_id must be 1-128 characters of letters, digits and ._:-");
        }
        if (!isServingAllowed()) {
            return new TaskMessages.SubmitResponse(id, 400, "task executor is not running");
        }
        if (!activeTaskIds.add(id)) {
            duplicatesRefused.incrementAndGet();
            LOG.warn("task {} from {} refused: a task with that id is already queued or running here", id, from.address());
            return new TaskMessages.SubmitResponse(id, 400, "task " + id + " is already queued or running on this node; use a new task_id");
        }
        if (!admission.tryAcquire()) {
            activeTaskIds.remove(id);
            return new TaskMessages.SubmitResponse(id, 400, "task queue is full; try again later");
        }
        return new TaskMessages.SubmitResponse(id, 200, "Task accepted");
    }

    @Override
    public void run(TaskMessages.Submit submit, PilotAddress submitter, PilotTaskReplyChannel reply, Runnable releaseBytes) {
        long acceptedAt = System.nanoTime();
        PilotTaskReporter reporter = reporter(submit.taskId(), submitter, reply);
        Runnable done = () -> {
            releaseBytes.run();
            activeTaskIds.remove(submit.taskId());
            admission.release();
        };
        try {
            workers.submit(() -> execute(submit, submitter, reporter, acceptedAt, null, done));
        } catch (RuntimeException stopping) {
            reporter.close();
            done.run();
        }
    }

    @Override
    public void abandon(TaskMessages.Submit submit) {
        activeTaskIds.remove(submit.taskId());
        admission.release();
    }

    @Override
    void addHealthDetails(Map<String, Object> details) {
        details.put("pilot.tasks.duplicatesRefused", duplicatesRefused.get());
        details.put("pilot.tasks.reportsRedirected", reportOutcomes.redirected());
        details.put("pilot.tasks.reportsUndelivered", reportOutcomes.undelivered());
        PilotTaskService s = service;
        if (s != null) {
            s.stats().forEach((k, v) -> details.put("pilot.peers." + k, v));
        }
    }

    long duplicatesRefused() {
        return duplicatesRefused.get();
    }

    PilotTaskReporter.Outcomes reportOutcomes() {
        return reportOutcomes;
    }

    private static boolean isTrusted(PilotDriver driver, PilotAddress node) {
        try {
            return driver.trustedPeers().stream().anyMatch(p -> p.nodeId() == node.node());
        } catch (PilotException e) {
            LOG.warn("cannot read the trusted list to check a task submitter: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Runs one admitted task; {@code files} is set when an older daemon keeps the task's state in a file. The
     * local record is written before the submitter hears of a state, so whoever sees a state reported finds it
     * recorded here too.
     */
    private void execute(TaskMessages.Submit submit, PilotAddress submitter, PilotTaskReporter reporter, long acceptedAt,
            PilotTaskFiles files, Runnable done) {
        String id = submit.taskId();
        Exchange exchange = createExchange(false);
        try (reporter) {
            long idleMs = (System.nanoTime() - acceptedAt) / 1_000_000;
            if (files != null) {
                files.updateReceived(id, Status.EXECUTING, "Task execution started");
            }
            reporter.started();
            Message in = exchange.getIn();
            in.setBody(submit.taskDescription());
            in.setHeader(PilotConstants.TASK_ID, id);
            in.setHeader(PilotConstants.REMOTE_ADDRESS, submitter.toString());
            long started = System.nanoTime();
            boolean ok = processSynchronously(exchange, "task " + id);
            long cpuMs = (System.nanoTime() - started) / 1_000_000;
            if (!ok) {
                Exception failure = exchange.getException();
                String finalStatus = config().getFailureAction() == PilotTaskFailureAction.decline ? Status.DECLINED : Status.FAILED;
                // the route may word the reason itself (onException: setHeader(CamelPilotTaskJustification, ...))
                String reason = exchange.getMessage().getHeader(PilotConstants.TASK_JUSTIFICATION, String.class);
                String told = reason != null ? truncate(reason) : justification(failure);
                if (files != null) {
                    files.updateReceived(id, finalStatus, told);
                }
                reporter.status(finalStatus, told);
                return;
            }
            TaskMessages.Results results = results(id, exchange.getMessage(), idleMs, cpuMs);
            if (files != null) {
                files.updateReceived(id, Status.SUCCEEDED, "Results sent successfully");
            }
            reporter.succeeded(results);
        } catch (Exception e) {
            reportOutcomes.undelivered(id, submitter, e);
        } finally {
            done.run();
            releaseExchange(exchange, false);
        }
    }

    private static TaskMessages.Results results(String id, Message out, long idleMs, long cpuMs) {
        String fileName = out.getHeader(PilotConstants.FILE_NAME, String.class);
        Object body = out.getBody();
        String completedAt = Instant.now().toString();
        if (fileName != null && body != null && !(body instanceof String)) {
            byte[] bytes = out.getBody(byte[].class);
            return new TaskMessages.Results(id, "file", "", fileName, Base64.getEncoder().encodeToString(bytes),
                    completedAt, idleMs, 0, cpuMs);
        }
        String text = out.getBody(String.class);
        return new TaskMessages.Results(id, "text", text == null ? "" : text, "", "", completedAt, idleMs, 0, cpuMs);
    }

    private String justification(Exception failure) {
        if (!config().isIncludeErrorDetails()) {
            return "the task failed on the executing node (" + failure.getClass().getSimpleName() + ")";
        }
        return truncate(String.valueOf(failure.getMessage()));
    }

    private static String truncate(String text) {
        return text.length() > MAX_JUSTIFICATION ? text.substring(0, MAX_JUSTIFICATION) + "..." : text;
    }
}
