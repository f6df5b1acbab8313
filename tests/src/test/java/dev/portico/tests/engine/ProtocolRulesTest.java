package dev.portico.tests.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.http.HttpLimits;
import dev.portico.server.ServerOptions;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each protocol rule of RFC 9112 on the wire: the exact status, Connection: close, and the server carries on. */
class ProtocolRulesTest extends EngineTest {
    private final AtomicInteger handled = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        start(ServerOptions.defaults().withLimits(HttpLimits.defaults().withMaxBody(1000)), exchange -> {
            handled.incrementAndGet();
            byte[] body = exchange.requestBody().readAllBytes();
            exchange.responseBody().write(("got " + body.length).getBytes());
        });
    }

    private void assertRejected(String request, int status) throws IOException {
        try (Socket socket = connect()) {
            send(socket, request);
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals(status, response.status, response.statusLine);
            assertEquals("close", response.header("Connection"));
            assertTrue(closedByServer(socket), "connection closed after a protocol fault");
        }
        assertEquals(0, handled.get(), "a rejected request never reaches the handler");
        RawHttp.Response next = exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(200, next.status, "the server carries on");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n|400",
        "GET / HTTP/2.0\\r\\nHost: h\\r\\n\\r\\n|505",
        "GET / HTTP/0.9\\r\\nHost: h\\r\\n\\r\\n|505",
        "GET / HTTP/1.2\\r\\n\\r\\n|400",
        "GET /a\\b HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",
        "GET /\\evil.example/%2e%2e/x?q HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost : h\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nX: a\\r\\n b\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nX: a\\u0000b\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\nHost: h\\r\\n\\r\\n|400",
        "GET * HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",
        "BAD\\u0001 / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nContent-Length: 4\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: -1\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n|501",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n|400",
        "POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1001\\r\\n\\r\\n|413",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1\\r\\nExpect: teapot\\r\\n\\r\\n|417",
        "CONNECT h:443 HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|501",
    })
    void rejectsWithTheExactStatus(String request, int status) throws IOException {
        assertRejected(unescape(request), status);
    }

    @Test
    void statusLineSaysTheHighestVersionTheServerConformsTo() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.0\r\n\r\n");
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals("HTTP/1.1 200 OK", response.statusLine, "RFC 9110 §2.5, also to an HTTP/1.0 client");
            assertEquals("close", response.header("Connection"), "HTTP/1.0 rules: close unless keep-alive was asked");
            assertTrue(closedByServer(socket));
        }
    }

    @Test
    void higherHttp1MinorVersionIsServedAsHttp11() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.2\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n0\r\n\r\n");
            RawHttp.Response first = RawHttp.read(socket.getInputStream());
            assertEquals("HTTP/1.1 200 OK", first.statusLine);
            assertEquals("got 3", first.text(), "HTTP/1.1 framing: chunked");
            assertNull(first.header("Connection"), "HTTP/1.1 rules: persistent by default");
            send(socket, "GET / HTTP/1.9\r\nHost: h\r\n\r\n");
            assertEquals(200, RawHttp.read(socket.getInputStream()).status, "the connection persisted");
        }
    }

    @Test
    void requestLineOver8KiBIs414() throws IOException {
        assertRejected("GET /" + "a".repeat(8192) + " HTTP/1.1\r\nHost: h\r\n\r\n", 414);
    }

    @Test
    void headerSectionOver16KiBIs431() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: h\r\nX: " + "v".repeat(16 * 1024) + "\r\n\r\n", 431);
    }

    @Test
    void moreThan100HeaderFieldsIs431() throws IOException {
        assertRejected("GET / HTTP/1.1\r\nHost: h\r\n" + "X: v\r\n".repeat(100) + "\r\n", 431);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws IOException {
        String chunk = Integer.toHexString(600) + "\r\n" + "x".repeat(600) + "\r\n";
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk
                    + "0\r\n\r\n");
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals(413, response.status);
            assertEquals("close", response.header("Connection"));
        }
    }

    @Test
    void malformedChunkIs400() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n");
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals(400, response.status);
            assertTrue(closedByServer(socket));
        }
    }

    @Test
    void acceptsChunkedBodiesWithExtensionsAndTrailers() throws IOException {
        RawHttp.Response response = exchange("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n");
        assertEquals(200, response.status);
        assertEquals("got 5", response.text());
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\u0000").replace("\\u0001", "\u0001");
    }
}
