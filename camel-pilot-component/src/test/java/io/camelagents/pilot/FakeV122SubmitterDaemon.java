package io.camelagents.pilot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelagents.pilot.driver.FakeIpcDaemon;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;

/**
 * Models a v1.2.2 daemon on the SUBMITTING side, from the observed facts that the PyPI 1.7.2 stand-in does not
 * reproduce (the v1.2.2 binaries cannot be installed here): the daemon writes incoming status updates into
 * {@code tasks/submitted/<id>.json} and DROPS them when that file does not exist yet; results are saved either way.
 * The remote executor is modelled as fast: its ACCEPTED, EXECUTING and results reach this daemon before the SUBMIT
 * response reaches the submitter, the interleaving that left 1 of 15 real tasks stuck at NEW.
 * <p>
 * IPC (on {@link FakeIpcDaemon}): Info (v1.2.2 shape, no features), Dial, Send, Close; anything else gets
 * v1.2.2's error.
 */
final class FakeV122SubmitterDaemon implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path socket;
    private final Path tasksDir;
    /** What happened to each update that reached this daemon, e.g. {@code ACCEPTED stored}, {@code EXECUTING dropped}. */
    final List<String> updates = new CopyOnWriteArrayList<>();
    /** When set, the executor refuses submissions as v1.2.2 does for a submitter with a lower polo score. */
    volatile boolean refuse;
    /** Bytes sent on each dialed connection, per IPC client (connection ids are per client here). */
    private final Map<FakeIpcDaemon.Peer, Map<Integer, ByteArrayOutputStream>> sent = new ConcurrentHashMap<>();
    private final FakeIpcDaemon ipc;

    FakeV122SubmitterDaemon(Path dir, Path tasksDir) throws IOException {
        this.tasksDir = tasksDir;
        this.ipc = new FakeIpcDaemon(dir, FakeIpcDaemon.answeringInfo(FakeIpcDaemon.V122_INFO, this::onFrame));
        this.socket = ipc.path;
    }

    private void onFrame(byte cmd, ByteBuffer body, FakeIpcDaemon.Peer peer) throws IOException {
        Map<Integer, ByteArrayOutputStream> conns = sent.computeIfAbsent(peer, p -> new HashMap<>());
        switch (cmd) {
            case 0x03 -> {
                int conn = conns.size() + 1;
                conns.put(conn, new ByteArrayOutputStream());
                peer.frame(0x04, ByteBuffer.allocate(4).putInt(conn).array());
            }
            case 0x06 -> {
                int conn = body.getInt();
                ByteArrayOutputStream buf = conns.get(conn);
                if (buf == null) {
                    peer.error("connection " + conn + " not found");
                    return;
                }
                byte[] data = new byte[body.remaining()];
                body.get(data);
                buf.write(data);
                TaskFrame submit = completeFrame(buf.toByteArray());
                if (submit != null) {
                    byte[] response = executeFast(submit);
                    peer.frame(0x07, ByteBuffer.allocate(4 + response.length).putInt(conn).put(response).array());
                    peer.frame(0x09, ByteBuffer.allocate(4).putInt(conn).array()); // the receiver closes
                }
            }
            case 0x08 -> peer.frame(0x09, ByteBuffer.allocate(4).putInt(body.getInt()).array());
            default -> peer.error(String.format("unknown command: 0x%02X", cmd));
        }
    }

    private static TaskFrame completeFrame(byte[] bytes) throws IOException {
        if (bytes.length < 8) {
            return null;
        }
        long len = ByteBuffer.wrap(bytes, 4, 4).getInt() & 0xFFFFFFFFL;
        return bytes.length < 8 + len ? null : TaskFrame.readFrom(new ByteArrayInputStream(bytes));
    }

    /** The fast executor's updates arrive here first; then the executor's SUBMIT response goes to the submitter. */
    private byte[] executeFast(TaskFrame frame) throws IOException {
        TaskMessages.Submit submit = frame.as(TaskMessages.Submit.class);
        String id = submit.taskId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (refuse) {
            TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.SubmitResponse(id, 400, "Polo score too low")).writeTo(out);
            return out.toByteArray();
        }
        statusUpdate(id, TaskMessages.Status.ACCEPTED);
        statusUpdate(id, TaskMessages.Status.EXECUTING);
        Path results = Files.createDirectories(tasksDir.resolve("results"));
        Files.writeString(results.resolve(id + "_result.txt"), "done: " + submit.taskDescription());
        statusUpdate(id, TaskMessages.Status.COMPLETED);
        TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.SubmitResponse(id, 200, "Task accepted")).writeTo(out);
        return out.toByteArray();
    }

    /** v1.2.2: rewrite the submitter's task file, or drop the update when there is none. */
    private void statusUpdate(String id, String status) throws IOException {
        Path f = tasksDir.resolve("submitted").resolve(id + ".json");
        if (!Files.exists(f)) {
            updates.add(status + " dropped");
            return;
        }
        ObjectNode task = (ObjectNode) JSON.readTree(f.toFile());
        task.put("status", status);
        JSON.writeValue(f.toFile(), task);
        updates.add(status + " stored");
    }

    @Override
    public void close() throws IOException {
        ipc.close();
    }
}
