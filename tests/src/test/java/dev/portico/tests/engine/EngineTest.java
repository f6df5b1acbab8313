package dev.portico.tests.engine;

import dev.portico.server.Handler;
import dev.portico.server.HttpServer;
import dev.portico.server.ServerOptions;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** Runs an {@link HttpServer} with a handler under test on a free port, and talks to it over raw sockets. */
abstract class EngineTest {
    protected HttpServer server;

    protected HttpServer start(Handler handler) throws IOException {
        return start(ServerOptions.defaults(), handler);
    }

    protected HttpServer start(ServerOptions options, Handler handler) throws IOException {
        server = new HttpServer(options.withPort(0), handler).start();
        return server;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    protected Socket connect() throws IOException {
        return RawHttp.connect("127.0.0.1", server.port(), 10_000);
    }

    protected static void send(Socket socket, String text) throws IOException {
        RawHttp.send(socket, text);
    }

    /** Sends the text on a new connection and reads one response. */
    protected RawHttp.Response exchange(String request) throws IOException {
        try (Socket socket = connect()) {
            send(socket, request);
            return RawHttp.read(socket.getInputStream());
        }
    }

    /** True when the server has closed the connection: the next read sees end of stream (or a reset). */
    protected static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    protected static Handler text(String body) {
        return exchange -> {
            exchange.responseHeaders().set("Content-Type", "text/plain");
            exchange.responseBody().write(body.getBytes(StandardCharsets.UTF_8));
        };
    }
}
