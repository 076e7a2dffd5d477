package io.camelagents.pilot.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP proxy that forwards nothing: it records the request line of every connection it gets (for a
 * proxied HTTPS request that is {@code CONNECT host:443 HTTP/1.1}), answers {@code 403} and closes. Give daemons
 * {@link #proxyEnvironment()} and every outbound HTTP(S) attempt they make ends here, fast and visible, instead of
 * leaving the machine.
 */
final class ProxyTrap implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> seen = new ArrayList<>();
    private final Thread acceptor;

    ProxyTrap() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "proxy-trap-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code http://127.0.0.1:port}. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Every proxy setting a daemon might read, pointed at this trap: the newest daemon's own {@code PILOT_PROXY}
     * (used for all its non-loopback connections and installed as the proxy of Go's default HTTP transport) and the
     * conventional {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code ALL_PROXY} in both spellings for any HTTP client
     * that reads the environment, with {@code NO_PROXY} cleared so no host is exempt. Loopback destinations stay
     * direct by design (Go never proxies them), so the local registry and tunnels still work.
     */
    Map<String, String> proxyEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PILOT_PROXY", url());
        for (String name : List.of("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY")) {
            env.put(name, url());
            env.put(name.toLowerCase(), url());
        }
        env.put("NO_PROXY", "");
        env.put("no_proxy", "");
        return env;
    }

    /** The first request line the trap has received, waiting up to {@code timeout} for one. */
    synchronized Optional<String> awaitRequest(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return Optional.of(seen.get(0));
    }

    /** Request lines received so far, oldest first. */
    synchronized List<String> requests() {
        return List.copyOf(seen);
    }

    private synchronized void record(String requestLine) {
        seen.add(requestLine);
        notifyAll();
    }

    private void acceptLoop() {
        while (true) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                continue;
            }
            String line = null;
            try (s) {
                s.setSoTimeout(5_000);
                line = readLine(s.getInputStream());
                record(line);
                s.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                if (line == null) {
                    record("(connection without a readable request line: " + e + ")");
                }
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && line.size() < 1024) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.size() == 0 ? "(empty request)" : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(5_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
