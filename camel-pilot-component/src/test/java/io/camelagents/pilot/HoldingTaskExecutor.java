package io.camelagents.pilot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelagents.pilot.driver.ByteBudget;
import io.camelagents.pilot.driver.PilotConnection;
import io.camelagents.pilot.driver.PilotDriver;
import io.camelagents.pilot.driver.PilotListener;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;
import io.camelagents.pilot.task.PilotTaskFrameReader;

/**
 * A task executor on a node's port 1003 that accepts every SUBMIT (offering keep-alive) and holds the tasks open
 * until {@link #release}: then it reports {@code r:<description>} + SUCCEEDED on each task's submit connection. It
 * costs two threads however many tasks it holds (one accepting, one reading all connections), so a test can count
 * the submitter's threads in the same JVM. Descriptions starting with {@code never} are never answered.
 */
public final class HoldingTaskExecutor implements AutoCloseable {
    private record Held(PilotConnection connection, TaskMessages.Submit submit) {
    }

    private final PilotDriver driver;
    private final PilotListener listener;
    private final ExecutorService reading = Executors.newSingleThreadExecutor(r -> daemon(r, "holding-executor-reader"));
    private final Thread acceptor;
    private final List<Held> held = new ArrayList<>();
    private final List<PilotConnection> connections = new ArrayList<>();
    private final AtomicInteger submits = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private boolean releasing;

    public HoldingTaskExecutor(String socketPath) throws Exception {
        driver = PilotDriver.connect(socketPath);
        listener = driver.listen(TaskFrame.TASK_PORT);
        acceptor = daemon(this::accept, "holding-executor-acceptor");
        acceptor.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void accept() {
        try {
            while (listener.isOpen()) {
                PilotConnection c = listener.accept(null);
                accepted.incrementAndGet();
                synchronized (this) {
                    connections.add(c);
                }
                new PilotTaskFrameReader(c, reading, new ByteBudget(64L * 1024 * 1024), new PilotTaskFrameReader.Listener() {
                    @Override
                    public boolean onFrame(TaskFrame frame) throws Exception {
                        TaskMessages.Submit s = frame.as(TaskMessages.Submit.class);
                        submits.incrementAndGet();
                        TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.SubmitResponse(s.taskId(), 200, "Task accepted",
                                s.wantsKeepAlive() ? 60_000L : null)).writeTo(c.getOutputStream());
                        boolean now;
                        synchronized (HoldingTaskExecutor.this) {
                            now = releasing;
                            if (!now) {
                                held.add(new Held(c, s));
                            }
                        }
                        if (now) {
                            answer(new Held(c, s));
                        }
                        return true;
                    }

                    @Override
                    public void onStopped(boolean leftover) {
                    }

                    @Override
                    public void onEnded(Exception cause) {
                        c.closeInBackground();
                    }
                }).start();
            }
        } catch (Exception listenerClosed) {
            // closed by close()
        }
    }

    /** SUBMITs received so far (each was answered 200). */
    public int submits() {
        return submits.get();
    }

    /** Tasks accepted and not answered yet. */
    public synchronized int held() {
        return held.size();
    }

    /** Connections accepted so far. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Answers every held task, and from now on every new one at once. */
    public void release() throws Exception {
        List<Held> now;
        synchronized (this) {
            releasing = true;
            now = new ArrayList<>(held);
            held.clear();
        }
        for (Held h : now) {
            answer(h);
        }
    }

    private static void answer(Held h) throws Exception {
        if (h.submit.taskDescription().startsWith("never")) {
            return;
        }
        TaskFrame.of(TaskFrame.Type.SEND_RESULTS, new TaskMessages.Results(h.submit.taskId(), "text",
                "r:" + h.submit.taskDescription(), null, null, null, 0, 0, 0)).writeTo(h.connection.getOutputStream());
        TaskFrame.of(TaskFrame.Type.STATUS_UPDATE, new TaskMessages.StatusUpdate(h.submit.taskId(),
                TaskMessages.Status.SUCCEEDED, "")).writeTo(h.connection.getOutputStream());
    }

    @Override
    public void close() throws Exception {
        listener.close();
        acceptor.join(10_000);
        synchronized (this) {
            connections.forEach(PilotConnection::closeInBackground);
        }
        reading.shutdownNow();
        driver.close();
    }
}
