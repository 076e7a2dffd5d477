package io.camelagents.pilot.testkit.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one client TCP connection: strictly one reply per request frame, in order. Daemons keep a
 * small pool of these open for their whole life; pilotctl opens short-lived ones.
 */
final class RegistryConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryConnection.class);
    /** Binary-mode error frame type, see {@link #refuseBinaryMode}. */
    private static final byte BINARY_ERROR = (byte) 0xFF;

    private final Socket socket;
    private final FrameCodec codec;
    private final ObjectMapper json;
    private final RequestDispatcher dispatcher;
    private final Runnable onClose;
    private final InetSocketAddress remote;
    private final RequestDispatcher.Client client;

    RegistryConnection(long id, Socket socket, FrameCodec codec, ObjectMapper json, RequestDispatcher dispatcher,
                       Runnable onClose) {
        this.socket = socket;
        this.codec = codec;
        this.json = json;
        this.dispatcher = dispatcher;
        this.onClose = onClose;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.client = new RequestDispatcher.Client(id, remote);
    }

    @Override
    public void run() {
        LOG.debug("connection from {}", remote);
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            boolean first = true;
            while (true) {
                long length = codec.readLength(in);
                if (length < 0) {
                    break;
                }
                if (first && length == FrameCodec.BINARY_MAGIC) {
                    refuseBinaryMode(out);
                    break;
                }
                first = false;
                if (length > codec.maxFrameBytes()) {
                    // Nothing sensible can follow an oversized frame on this stream: drop the connection.
                    LOG.warn("closing connection from {}: frame of {} bytes exceeds the {}-byte limit",
                            remote, length, codec.maxFrameBytes());
                    break;
                }
                byte[] body = codec.readBody(in, length);
                ObjectNode reply = answer(body);
                codec.write(out, json.writeValueAsBytes(reply));
            }
        } catch (EOFException e) {
            LOG.debug("connection from {} ended mid-frame: {}", remote, e.getMessage());
        } catch (SocketException e) {
            LOG.debug("connection from {} closed: {}", remote, e.getMessage());
        } catch (IOException e) {
            LOG.warn("connection from {} failed: {}", remote, e.toString());
        } finally {
            onClose.run();
            LOG.debug("connection from {} closed", remote);
        }
    }

    private ObjectNode answer(byte[] body) {
        JsonNode req;
        try {
            req = json.readTree(body);
        } catch (JsonProcessingException e) {
            // Framing is intact, so the client gets an error reply and may go on.
            LOG.warn("undecodable request from {}: {}", remote, e.getOriginalMessage());
            return dispatcher.error("json decode: " + e.getOriginalMessage());
        } catch (IOException e) {
            return dispatcher.error("json decode: " + e.getMessage());
        }
        if (req == null || !req.isObject()) {
            return dispatcher.error("request must be a JSON object");
        }
        ObjectNode reply = dispatcher.dispatch(req, client);
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} <- {} -> {}", remote, req, reply);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} node={} -> {}", remote, req.path("type").asText(), req.path("node_id").asText("-"),
                    reply.path("type").asText());
        }
        return reply;
    }

    /**
     * The registry's binary mode ("PILT" + version) is never used by 1.18.0 clients; answer with a
     * binary error frame ([u32 len][0xFF][u16 text len][text]) so a client at least sees why.
     */
    private void refuseBinaryMode(OutputStream out) throws IOException {
        LOG.warn("closing connection from {}: binary registry protocol is not supported", remote);
        byte[] text = "binary protocol not supported by the loopback registry".getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + 1 + 2 + text.length);
        frame.putInt(1 + 2 + text.length).put(BINARY_ERROR).putShort((short) text.length).put(text);
        out.write(frame.array());
        out.flush();
    }
}
