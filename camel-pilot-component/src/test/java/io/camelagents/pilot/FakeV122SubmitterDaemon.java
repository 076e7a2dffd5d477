package io.camelagents.pilot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelagents.pilot.protocol.TaskFrame;
import io.camelagents.pilot.protocol.TaskMessages;

/**
 * Models a v1.2.2 daemon on the SUBMITTING side, from the observed facts that the PyPI 1.7.2 stand-in does not
 * reproduce (the v1.2.2 binaries cannot be installed here): the daemon writes incoming status updates into
 * {@code tasks/submitted/<id>.json} and DROPS them when that file does not exist yet; results are saved either way.
 * The remote executor is modelled as fast: its ACCEPTED, EXECUTING and results reach this daemon before the SUBMIT
 * response reaches the submitter, the interleaving that left 1 of 15 real tasks stuck at NEW.
 * <p>
 * IPC: Info (v1.2.2 shape, no features), Dial, Send, Close; everything else is answered with v1.2.2's error.
 */
final class FakeV122SubmitterDaemon implements AutoCloseable {
    static final String INFO = "{\"node_id\":7,\"address\":\"0:0000.0000.0007\",\"hostname\":\"old\",\"uptime_secs\":3}";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path socket;
    private final Path tasksDir;
    /** What happened to each update that reached this daemon, e.g. {@code ACCEPTED stored}, {@code EXECUTING dropped}. */
    final List<String> updates = new CopyOnWriteArrayList<>();
    /** When set, the executor refuses submissions as v1.2.2 does for a submitter with a lower polo score. */
    volatile boolean refuse;
    private final ServerSocketChannel server;
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();

    FakeV122SubmitterDaemon(Path dir, Path tasksDir) throws IOException {
        this.socket = dir.resolve("v122.sock");
        this.tasksDir = tasksDir;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::acceptLoop, "fake-v122-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        try {
            while (server.isOpen()) {
                SocketChannel ch = server.accept();
                clients.add(ch);
                Thread t = new Thread(() -> serve(ch), "fake-v122-client");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // stopped
        }
    }

    /** One IPC client: requests in order (v1.2.2 is sequential), connection state local to this client. */
    private void serve(SocketChannel ch) {
        Map<Integer, ByteArrayOutputStream> sent = new HashMap<>();
        int nextConn = 1;
        try {
            while (true) {
                ByteBuffer body = readFrame(ch);
                if (body == null) {
                    return;
                }
                byte cmd = body.get();
                switch (cmd) {
                    case 0x0D -> write(ch, 0x0E, INFO.getBytes(StandardCharsets.UTF_8));
                    case 0x03 -> {
                        int conn = nextConn++;
                        sent.put(conn, new ByteArrayOutputStream());
                        write(ch, 0x04, ByteBuffer.allocate(4).putInt(conn).array());
                    }
                    case 0x06 -> {
                        int conn = body.getInt();
                        ByteArrayOutputStream buf = sent.get(conn);
                        if (buf == null) {
                            error(ch, "connection " + conn + " not found");
                            continue;
                        }
                        byte[] data = new byte[body.remaining()];
                        body.get(data);
                        buf.write(data);
                        TaskFrame submit = completeFrame(buf.toByteArray());
                        if (submit != null) {
                            byte[] response = executeFast(submit);
                            write(ch, 0x07, ByteBuffer.allocate(4 + response.length).putInt(conn).put(response).array());
                            write(ch, 0x09, ByteBuffer.allocate(4).putInt(conn).array()); // the receiver closes
                            sent.remove(conn);
                        }
                    }
                    case 0x08 -> {
                        int conn = body.getInt();
                        sent.remove(conn);
                        write(ch, 0x09, ByteBuffer.allocate(4).putInt(conn).array());
                    }
                    default -> error(ch, String.format("unknown command: 0x%02X", cmd));
                }
            }
        } catch (IOException gone) {
            // client went away
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

    private static ByteBuffer readFrame(SocketChannel ch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        if (!fill(ch, header)) {
            return null;
        }
        int len = header.flip().getInt();
        if (len < 1 || len > 1 << 20) {
            throw new IOException("bad IPC frame length " + len);
        }
        ByteBuffer body = ByteBuffer.allocate(len);
        return fill(ch, body) ? body.flip() : null;
    }

    private static boolean fill(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                return false;
            }
        }
        return true;
    }

    private static synchronized void write(SocketChannel ch, int cmd, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.length).putInt(1 + payload.length).put((byte) cmd).put(payload).flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void error(SocketChannel ch, String text) throws IOException {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        write(ch, 0x0A, ByteBuffer.allocate(2 + t.length).putShort((short) 1).put(t).array());
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel c : clients) {
            c.close();
        }
        Files.deleteIfExists(socket);
    }
}
