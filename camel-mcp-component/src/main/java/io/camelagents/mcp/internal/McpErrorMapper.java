package io.camelagents.mcp.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.camelagents.mcp.McpAuthorizationException;
import io.camelagents.mcp.McpException;
import io.camelagents.mcp.McpProtocolException;
import io.camelagents.mcp.McpTimeoutException;
import io.camelagents.mcp.McpTransportException;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpError;
import reactor.core.Exceptions;

/**
 * Turns what the SDK and Reactor throw (McpError, ReactiveException-wrapped TimeoutException, "MCP session with
 * server terminated", HTTP authorization errors, JDK connect errors whose message is null...) into the component's
 * typed exceptions, with the server's address and secrets masked.
 */
final class McpErrorMapper {

    private McpErrorMapper() {
    }

    /**
     * @param target where the server is, for messages: "http://127.0.0.1:3001/mcp" or "command npx"
     */
    static McpException map(Throwable thrown, String server, String operation, Duration timeout, String target,
                            SecretMasker masker) {
        List<Throwable> chain = causeChain(Exceptions.unwrap(thrown));
        for (Throwable t : chain) {
            if (t instanceof McpException mcp) {
                return mcp;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ServerLostException lost) {
                return new McpTransportException(server, "MCP server '" + server + "' was lost during " + operation
                        + ": " + masker.mask(lost.getMessage()), lost);
            }
            if (t instanceof McpHttpClientTransportAuthorizationException auth) {
                var info = auth.getResponseInfo();
                int status = info != null ? info.statusCode() : 401;
                String challenge = info != null ? info.headers().firstValue("WWW-Authenticate").orElse(null) : null;
                return new McpAuthorizationException(server, status, challenge, auth);
            }
            if (t instanceof McpError error && error.getJsonRpcError() != null) {
                var rpc = error.getJsonRpcError();
                int code = rpc.code() != null ? rpc.code() : 0;
                return new McpProtocolException(server, operation, code, masker.mask(rpc.message()), rpc.data(), error);
            }
            if (t instanceof TimeoutException) {
                return new McpTimeoutException(server, operation, timeout, t);
            }
        }
        String where = target.startsWith("http") ? " to " + target : " (" + target + ")";
        // The most specific I/O cause says the most ("connection refused" beats "session terminated").
        for (Throwable t : chain) {
            if (t instanceof IOException io) {
                return transportFailure(server, operation, describe(io) + where, thrown, masker);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof io.modelcontextprotocol.spec.McpTransportException
                    || String.valueOf(t.getMessage()).contains("session with server terminated")
                    || t.getClass().getSimpleName().startsWith("McpTransportSession")) {
                return transportFailure(server, operation, describe(t) + where, thrown, masker);
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return new McpException(server, "MCP " + operation + " on server '" + server + "' (" + target + ") failed: "
                + masker.mask(describe(root)), thrown);
    }

    private static McpTransportException transportFailure(String server, String operation, String reason,
                                                          Throwable thrown, SecretMasker masker) {
        return new McpTransportException(server, "Connection to MCP server '" + server + "' failed during " + operation
                + ": " + masker.mask(reason), thrown);
    }

    /** A readable reason; the JDK's HttpClient throws ConnectException and others with a null message. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String text;
        if (t instanceof ConnectException) {
            text = "connection refused";
        } else if (t instanceof HttpConnectTimeoutException) {
            text = "connect timed out";
        } else if (t instanceof HttpTimeoutException) {
            text = "HTTP request timed out";
        } else if (t instanceof UnknownHostException) {
            text = "unknown host";
        } else if (t instanceof NoRouteToHostException) {
            text = "no route to host";
        } else if (t instanceof ClosedChannelException) {
            text = "connection closed";
        } else {
            return message != null && !message.isBlank() ? message : t.getClass().getName();
        }
        return message != null && !message.isBlank() && !message.equalsIgnoreCase(text) ? text + ": " + message : text;
    }

    private static List<Throwable> causeChain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        Throwable t = thrown;
        while (t != null && !chain.contains(t) && chain.size() < 20) {
            chain.add(t);
            t = t.getCause();
        }
        return chain;
    }
}
