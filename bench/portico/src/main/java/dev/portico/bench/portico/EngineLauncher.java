package dev.portico.bench.portico;

import dev.portico.server.Exchange;
import dev.portico.server.HttpServer;
import dev.portico.server.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Portico's engine alone: the same five endpoints as the benchmark servlet, answered by a {@link
 * dev.portico.server.Handler} straight on the {@link Exchange}, with no servlet layer. Comparing it with the servlet
 * run shows what the gateway costs. Arguments: {@code [--port N] [--threads N]}.
 */
public final class EngineLauncher {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = ("{\"id\":42,\"name\":\"Portico\",\"fast\":true,"
            + "\"tags\":[\"servlet\",\"http\"],\"message\":\"Hello, World!\"}").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SLEPT = "slept\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 8 * 1024;
    private static final byte[] FILLER = new byte[CHUNK];

    static {
        Arrays.fill(FILLER, (byte) 'x');
    }

    private EngineLauncher() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8080;
        int threads = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: [--port N] [--threads N]");
            }
        }
        new HttpServer(ServerOptions.defaults().withPort(port).withThreads(threads), EngineLauncher::handle).start();
        Thread.currentThread().join();
    }

    private static void handle(Exchange exchange) throws Exception {
        String query = exchange.request().query();
        switch (exchange.request().path()) {
            case "/plaintext" -> fixed(exchange, "text/plain", HELLO);
            case "/json" -> fixed(exchange, "application/json", JSON);
            case "/echo" -> echo(exchange);
            case "/bytes" -> bytes(exchange, parameter(query, "n", CHUNK));
            case "/sleep" -> {
                Thread.sleep(parameter(query, "ms", 100));
                fixed(exchange, "text/plain", SLEPT);
            }
            default -> exchange.status(404);
        }
    }

    private static void fixed(Exchange exchange, String contentType, byte[] body) throws IOException {
        exchange.responseHeaders().set("Content-Type", contentType);
        exchange.responseBody().write(body);
    }

    private static void echo(Exchange exchange) throws IOException {
        exchange.responseHeaders().set("Content-Type", "application/octet-stream");
        byte[] buffer = new byte[CHUNK];
        InputStream in = exchange.requestBody();
        OutputStream out = exchange.responseBody();
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
        }
    }

    private static void bytes(Exchange exchange, long n) throws IOException {
        exchange.responseHeaders().set("Content-Type", "application/octet-stream");
        OutputStream out = exchange.responseBody();
        while (n > 0) {
            int len = (int) Math.min(n, CHUNK);
            out.write(FILLER, 0, len);
            out.flush();
            n -= len;
        }
    }

    /** The value of {@code name=digits} in a raw query, or the fallback; enough for the benchmark's own URLs. */
    private static long parameter(String query, String name, long fallback) {
        if (query == null) {
            return fallback;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
