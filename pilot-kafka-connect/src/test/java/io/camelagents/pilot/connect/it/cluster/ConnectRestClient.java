package io.camelagents.pilot.connect.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parts of the Kafka Connect REST API the ITs use, over {@link HttpClient} with JSON bodies. Calls that must
 * succeed throw {@link RestException} (status and body) on anything but 2xx; {@link #get(String)} returns the raw
 * response for polling.
 */
public final class ConnectRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Above Connect's own 90 s limit for requests it forwards to the leader. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(100);

    private final String baseUrl;

    public ConnectRestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not JSON (HTTP " + status + "): " + body, e);
            }
        }
    }

    /** Thrown for a non-2xx answer; carries Connect's error message. */
    public static final class RestException extends RuntimeException {
        private final int status;
        private final String body;

        RestException(String request, int status, String body) {
            super(request + " -> HTTP " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    /** {@code GET /}: version, commit, kafka_cluster_id. */
    public JsonNode root() {
        return ok("GET /", get("/"));
    }

    /** {@code GET /connector-plugins?connectorsOnly=false}: every plugin the worker loaded, with class, type, version. */
    public JsonNode connectorPlugins() {
        return ok("GET /connector-plugins", get("/connector-plugins?connectorsOnly=false"));
    }

    public List<String> connectors() {
        List<String> names = new ArrayList<>();
        ok("GET /connectors", get("/connectors")).forEach(n -> names.add(n.asText()));
        return names;
    }

    /** {@code PUT /connectors/<name>/config}: creates or updates a connector. */
    public JsonNode putConnectorConfig(String name, Map<String, String> config) {
        return ok("PUT config of " + name, send("PUT", "/connectors/" + encode(name) + "/config", config));
    }

    /** {@code GET /connectors/<name>/status}; the raw response (404 until the connector exists). */
    public Response connectorStatus(String name) {
        return get("/connectors/" + encode(name) + "/status");
    }

    public JsonNode connectorConfig(String name) {
        return ok("GET config of " + name, get("/connectors/" + encode(name) + "/config"));
    }

    public void deleteConnector(String name) {
        Response r = send("DELETE", "/connectors/" + encode(name), null);
        if (r.status() != 204 && r.status() != 200 && r.status() != 404) {
            throw new RestException("DELETE " + name, r.status(), r.body());
        }
    }

    public void restartConnector(String name, boolean includeTasks) {
        ok("restart " + name, send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=" + includeTasks + "&onlyFailed=false", null));
    }

    /**
     * {@code PUT /connector-plugins/<class>/config/validate}: Connect's answer (name, error_count, configs with
     * per-key errors). HTTP 200 even when the config has errors; the body says which.
     */
    public JsonNode validate(String connectorClass, Map<String, String> config) {
        return ok("validate " + connectorClass, send("PUT", "/connector-plugins/" + encode(connectorClass) + "/config/validate", config));
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response send(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json");
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + baseUrl + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode ok(String what, Response r) {
        if (r.status() / 100 != 2) {
            throw new RestException(what, r.status(), r.body());
        }
        return r.body() == null || r.body().isBlank() ? JSON.nullNode() : r.json();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
