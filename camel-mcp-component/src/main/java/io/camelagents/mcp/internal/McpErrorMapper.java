package io.camelagents.mcp.internal;

import java.io.IOException;
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
 * server terminated", HTTP authorization errors...) into the component's typed exceptions.
 */
final class McpErrorMapper {

    private McpErrorMapper() {
    }

    static McpException map(Throwable thrown, String server, String operation, Duration timeout) {
        List<Throwable> chain = causeChain(Exceptions.unwrap(thrown));
        for (Throwable t : chain) {
            if (t instanceof McpException mcp) {
                return mcp;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ServerLostException lost) {
                return new McpTransportException(server, "MCP server '" + server + "' was lost during " + operation
                        + ": " + lost.getMessage(), lost);
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
                return new McpProtocolException(server, operation, code, rpc.message(), rpc.data(), error);
            }
            if (t instanceof TimeoutException) {
                return new McpTimeoutException(server, operation, timeout, t);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof IOException || t instanceof io.modelcontextprotocol.spec.McpTransportException
                    || String.valueOf(t.getMessage()).contains("session with server terminated")
                    || t.getClass().getSimpleName().startsWith("McpTransportSession")) {
                return new McpTransportException(server, "Connection to MCP server '" + server + "' failed during "
                        + operation + ": " + t.getMessage(), thrown);
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return new McpException(server, "MCP " + operation + " on server '" + server + "' failed: " + root, thrown);
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
