package io.camelagents.pilot.driver;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process stand-in for the daemon's IPC socket, used ONLY for faults a real daemon cannot be made to
 * produce (oversized or truncated frames, unknown command bytes, out-of-order replies, garbage) and for the
 * v1.2.2 generation's reply shapes and behaviour the installable daemons lack (component tests use it too). Each accepted IPC connection is served by {@link Script} on its own thread.
 */
public final class FakeIpcDaemon implements AutoCloseable {

    /** Reacts to one request frame; writes whatever raw bytes the test wants. */
    public interface Script {
        void onFrame(byte cmd, ByteBuffer payload, Peer peer) throws IOException;
    }

    /** The driver's side as the fake sees it. */
    public static final class Peer {
        private final SocketChannel ch;

        Peer(SocketChannel ch) {
            this.ch = ch;
        }

        public void frame(int cmd, byte[] payload) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
            b.putInt(1 + payload.length).put((byte) cmd).put(payload).flip();
            raw(b);
        }

        public void json(int cmd, String json) throws IOException {
            frame(cmd, json.getBytes(StandardCharsets.UTF_8));
        }

        public void error(String text) throws IOException {
            byte[] t = text.getBytes(StandardCharsets.UTF_8);
            frame(0x0A, ByteBuffer.allocate(2 + t.length).putShort((short) 1).put(t).array());
        }

        public void raw(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        public void raw(byte[] bytes) throws IOException {
            raw(ByteBuffer.wrap(bytes));
        }

        public void close() throws IOException {
            ch.close();
        }
    }

    static final String NEWEST_INFO = "{\"node_id\":5,\"address\":\"0:0000.0000.0005\",\"hostname\":\"fake\","
            + "\"version\":\"1.18.0\",\"features\":[\"reply_window\",\"dgram_confirm\"]}";
    public static final String V122_INFO = "{\"node_id\":7,\"address\":\"0:0000.0000.0007\",\"hostname\":\"old\",\"uptime_secs\":3}";

    public final Path path;
    final List<Byte> received = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final Script script;
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public FakeIpcDaemon(Path dir, Script script) throws IOException {
        this.path = dir.resolve("fake.sock");
        Files.deleteIfExists(path);
        this.script = script;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        this.acceptor = new Thread(this::acceptLoop, "fake-ipc-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A script that answers Info with {@code info} and hands every other frame to {@code rest}. */
    public static Script answeringInfo(String info, Script rest) {
        return (cmd, payload, peer) -> {
            if (cmd == IpcCommand.INFO) {
                peer.json(IpcCommand.INFO_OK, info);
            } else {
                rest.onFrame(cmd, payload, peer);
            }
        };
    }

    private void acceptLoop() {
        try {
            while (server.isOpen()) {
                SocketChannel ch = server.accept();
                clients.add(ch);
                Thread t = new Thread(() -> serve(ch), "fake-ipc-client");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException ignored) {
            // closed
        }
    }

    private void serve(SocketChannel ch) {
        Peer peer = new Peer(ch);
        try {
            ByteBuffer header = ByteBuffer.allocate(4);
            while (true) {
                header.clear();
                while (header.hasRemaining()) {
                    if (ch.read(header) < 0) {
                        return;
                    }
                }
                header.flip();
                ByteBuffer body = ByteBuffer.allocate(header.getInt());
                while (body.hasRemaining()) {
                    if (ch.read(body) < 0) {
                        return;
                    }
                }
                body.flip();
                byte cmd = body.get();
                received.add(cmd);
                script.onFrame(cmd, body, peer);
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    /** Closes every client connection, as a crashing daemon would. */
    void dropClients() throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropClients();
        Files.deleteIfExists(path);
    }
}
