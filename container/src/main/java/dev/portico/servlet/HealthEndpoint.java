package dev.portico.servlet;

import dev.portico.server.Exchange;
import dev.portico.server.Handler;
import dev.portico.server.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code --health PATH}: a tiny JSON report for load balancers and supervisors, answered before any app is asked.
 * 200 while serving; 503 from the moment a stop begins (during the drain time, while every other request is still
 * served, a load balancer that polls it takes the instance out of rotation before it stops accepting).
 *
 * <pre>{"status":"serving","uptime_seconds":12,"connections":3,"in_flight":1,"apps":{"/":"started"}}</pre>
 */
public final class HealthEndpoint implements Handler {
    private final String path;
    private final Handler next;
    private final Gateway gateway;
    private final long startNanos = System.nanoTime();
    private volatile HttpServer server;
    private volatile boolean draining;

    /** Answers requests for {@code path} (a canonical path, query ignored) and passes the rest to {@code next}. */
    public HealthEndpoint(String path, Handler next, Gateway gateway) {
        this.path = checkPath(path);
        this.next = next;
        this.gateway = gateway;
    }

    /** @throws IllegalArgumentException unless {@code path} is a canonical path starting with "/" */
    public static String checkPath(String path) {
        if (!path.startsWith("/") || !path.equals(UriPath.canonicalize(path))) {
            throw new IllegalArgumentException("health path '" + path + "' is not a canonical path starting with /");
        }
        return path;
    }

    /** The server whose connections are reported; set before it starts. */
    public void watch(HttpServer server) {
        this.server = server;
    }

    /** A stop has begun: from now on the report says so with a 503. */
    public void draining() {
        draining = true;
    }

    @Override
    public void handle(Exchange exchange) throws Exception {
        if (!path.equals(UriPath.canonicalize(exchange.request().path()))) {
            next.handle(exchange);
            return;
        }
        String method = exchange.request().method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.responseHeaders().set("Allow", "GET, HEAD");
            ErrorPageWriter.write(exchange, 405, "The health report answers GET and HEAD.");
            return;
        }
        HttpServer watched = server;
        boolean stopping = draining || (watched != null && watched.isStopping());
        byte[] json = report(stopping, watched).getBytes(StandardCharsets.UTF_8);
        exchange.status(stopping ? 503 : 200);
        exchange.responseHeaders().set("Content-Type", "application/json");
        exchange.responseHeaders().set("Cache-Control", "no-store");
        exchange.contentLength(json.length);
        exchange.responseBody().write(json);
    }

    private String report(boolean stopping, HttpServer watched) {
        StringBuilder json = new StringBuilder(128)
                .append("{\"status\":\"").append(stopping ? "stopping" : "serving").append('"')
                .append(",\"uptime_seconds\":").append((System.nanoTime() - startNanos) / 1_000_000_000L);
        if (watched != null) {
            json.append(",\"connections\":").append(watched.openConnections())
                    .append(",\"in_flight\":").append(Math.max(0, watched.inFlightRequests() - 1));  // not this one
        }
        json.append(",\"apps\":{");
        String separator = "";
        for (Map.Entry<String, String> app : gateway.contextStates().entrySet()) {
            json.append(separator).append('"').append(jsonEscape(app.getKey())).append("\":\"")
                    .append(app.getValue()).append('"');
            separator = ",";
        }
        return json.append("}}").toString();
    }

    /** Context paths are canonical URL paths, but may still hold a quote or a backslash. */
    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < ' ') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
