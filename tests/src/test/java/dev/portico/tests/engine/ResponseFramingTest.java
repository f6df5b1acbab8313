package dev.portico.tests.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.Handler;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How responses are framed and when connections persist (RFC 9112 §6, §9). */
class ResponseFramingTest extends EngineTest {
    private static final Handler BIG = exchange -> {
        byte[] chunk = new byte[10_000];
        Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 10; i++) {
            exchange.responseBody().write(chunk);
        }
    };

    @Test
    void smallResponseHasContentLengthDateAndServer() throws IOException {
        start(text("hello"));
        RawHttp.Response response = exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK", response.statusLine);
        assertEquals("5", response.header("Content-Length"));
        assertNull(response.header("Transfer-Encoding"));
        assertNotNull(response.header("Date"));
        assertTrue(response.header("Server").startsWith("Portico/"));
        assertEquals("hello", response.text());
    }

    @Test
    void largeResponseIsChunkedOnHttp11() throws IOException {
        start(BIG);
        RawHttp.Response response = exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("chunked", response.header("Transfer-Encoding"));
        assertNull(response.header("Content-Length"));
        assertEquals(100_000, response.body.length);
    }

    @Test
    void largeResponseIsCloseDelimitedOnHttp10() throws IOException {
        start(BIG);
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertNull(response.header("Transfer-Encoding"), "no chunked coding towards an HTTP/1.0 client");
            assertNull(response.header("Content-Length"));
            assertEquals("close", response.header("Connection"));
            assertEquals(100_000, response.body.length);
        }
    }

    @Test
    void applicationContentLengthIsKept() throws IOException {
        start(exchange -> {
            exchange.responseHeaders().set("Content-Length", "100000");
            BIG.handle(exchange);
        });
        RawHttp.Response response = exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("100000", response.header("Content-Length"));
        assertNull(response.header("Transfer-Encoding"));
        assertEquals(100_000, response.body.length);
    }

    /**
     * A handler that writes more than the Content-Length it declared, while the response is still buffered, gets an
     * error; what goes out is exactly the declared length and the connection closes, so the next response on it can
     * never be read as the tail of this one (RFC 9112 §6.3).
     */
    @Test
    void writingPastTheDeclaredContentLengthFailsAndNeverDesyncsTheConnection() throws IOException {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        start(exchange -> {
            if (exchange.request().path().equals("/over")) {
                exchange.responseHeaders().set("Content-Length", "5");
                try {
                    exchange.responseBody().write("hello, and then some".getBytes());
                } catch (IOException e) {
                    failure.set(e);
                }
                return;
            }
            exchange.responseBody().write("next".getBytes());
        });
        try (Socket socket = connect()) {
            send(socket, "GET /over HTTP/1.1\r\nHost: h\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals("hello", response.text());
            assertNotNull(failure.get(), "the write past the declared length failed");
            assertTrue(closedByServer(socket), "closed after the response, not left to carry a desynced stream");
        }
    }

    /** A Content-Length set after a larger body was buffered: only the declared bytes go out, then the close. */
    @Test
    void aContentLengthBelowTheBufferedBodyNeverDesyncsTheConnection() throws IOException {
        start(exchange -> {
            exchange.responseBody().write("hello, and then some".getBytes());
            exchange.responseHeaders().set("Content-Length", "5");
        });
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("hello", RawHttp.read(socket.getInputStream()).text());
            assertTrue(closedByServer(socket), "closed after the declared bytes");
        }
    }

    /** Fewer bytes than declared: the client sees a short body and the close, never a next response inside it. */
    @Test
    void fewerBytesThanTheDeclaredContentLengthCloseTheConnection() throws IOException {
        start(exchange -> {
            exchange.responseHeaders().set("Content-Length", "10");
            exchange.responseBody().write("short".getBytes());
        });
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
            InputStream in = socket.getInputStream();
            RawHttp.Response head = RawHttp.read(in, true);
            assertEquals("10", head.header("Content-Length"));
            assertEquals("short", new String(in.readAllBytes()), "the short body, then end of stream");
        }
    }

    @Test
    void headCarriesTheHeadersOfGetWithoutABody() throws IOException {
        start(text("hello"));
        try (Socket socket = connect()) {
            send(socket, "HEAD / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response head = RawHttp.read(socket.getInputStream(), true);
            assertEquals("5", head.header("Content-Length"));
            RawHttp.Response get = RawHttp.read(socket.getInputStream());
            assertEquals("hello", get.text(), "the HEAD response had no body bytes before the next response");
        }
    }

    @Test
    void headOfALargeResponseIsChunkedLikeItsGetButEmpty() throws IOException {
        start(BIG);
        try (Socket socket = connect()) {
            send(socket, "HEAD / HTTP/1.1\r\nHost: h\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response head = RawHttp.read(socket.getInputStream(), true);
            assertEquals("chunked", head.header("Transfer-Encoding"));
            assertEquals(100_000, RawHttp.read(socket.getInputStream()).body.length);
        }
    }

    @Test
    void noContentAndNotModifiedCarryNoBody() throws IOException {
        start(exchange -> {
            exchange.status(exchange.request().path().equals("/204") ? 204 : 304);
            exchange.responseBody().write("ignored".getBytes());
        });
        try (Socket socket = connect()) {
            send(socket, "GET /204 HTTP/1.1\r\nHost: h\r\n\r\nGET /304 HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response noContent = RawHttp.read(socket.getInputStream());
            assertEquals(204, noContent.status);
            assertNull(noContent.header("Content-Length"));
            assertNull(noContent.header("Transfer-Encoding"));
            RawHttp.Response notModified = RawHttp.read(socket.getInputStream());
            assertEquals(304, notModified.status, "the 204 carried no body bytes");
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read(), "the 304 carried no body bytes");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        start(exchange -> exchange.responseBody().write(exchange.request().path().getBytes()));
        try (Socket socket = connect()) {
            StringBuilder requests = new StringBuilder();
            for (int i = 1; i <= 5; i++) {
                requests.append("GET /r").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
            }
            send(socket, requests.toString());
            InputStream in = socket.getInputStream();
            for (int i = 1; i <= 5; i++) {
                assertEquals("/r" + i, RawHttp.read(in).text());
            }
        }
    }

    @Test
    void unreadRequestBodyIsSkippedBeforeTheNextPipelinedRequest() throws IOException {
        start(exchange -> exchange.responseBody().write(exchange.request().path().getBytes()));
        try (Socket socket = connect()) {
            send(socket, "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 26\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n"
                    + "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nGET \r\n0\r\n\r\n"
                    + "GET /c HTTP/1.1\r\nHost: h\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertEquals("/a", RawHttp.read(in).text());
            assertEquals("/b", RawHttp.read(in).text());
            assertEquals("/c", RawHttp.read(in).text());
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveIsRequested() throws IOException {
        start(text("x"));
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.0\r\n\r\n");
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals("close", response.header("Connection"));
            assertTrue(closedByServer(socket));
        }
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("keep-alive", RawHttp.read(socket.getInputStream()).header("Connection"));
            send(socket, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals(200, RawHttp.read(socket.getInputStream()).status, "the connection persisted");
        }
    }

    @Test
    void clientConnectionCloseIsHonoured() throws IOException {
        start(text("x"));
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertEquals("close", RawHttp.read(socket.getInputStream()).header("Connection"));
            assertTrue(closedByServer(socket));
        }
    }

    @Test
    void applicationConnectionCloseIsHonoured() throws IOException {
        start(exchange -> exchange.responseHeaders().set("Connection", "close"));
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("close", RawHttp.read(socket.getInputStream()).header("Connection"));
            assertTrue(closedByServer(socket));
        }
    }

    @Test
    void http11KeepsTheConnectionByDefault() throws IOException {
        start(text("x"));
        try (Socket socket = connect()) {
            for (int i = 0; i < 3; i++) {
                send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
                RawHttp.Response response = RawHttp.read(socket.getInputStream());
                assertNull(response.header("Connection"));
            }
        }
    }

    @Test
    void continueIsSentOnlyWhenTheBodyIsRead() throws IOException {
        start(exchange -> {
            if (exchange.request().path().equals("/read")) {
                exchange.responseBody().write(exchange.requestBody().readAllBytes());
            } else {
                exchange.status(403);
            }
        });
        try (Socket socket = connect()) {
            send(socket, "POST /read HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response interim = RawHttp.read(socket.getInputStream());
            assertEquals(100, interim.status);
            send(socket, "body");
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals(200, response.status);
            assertEquals("body", response.text());
        }
        try (Socket socket = connect()) {
            send(socket, "POST /deny HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertEquals(403, response.status, "no 100 Continue before a final answer that never read the body");
            assertEquals("close", response.header("Connection"));
            send(socket, "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n");  // arrives where the body was expected
            assertTrue(closedByServer(socket), "the unsent body is never misread as the next request");
        }
    }

    @Test
    void handlerFailureBeforeCommitIs500AndTheConnectionGoesOn() throws IOException {
        start(exchange -> {
            if (exchange.request().path().equals("/boom")) {
                exchange.responseBody().write("partial".getBytes());
                throw new IllegalStateException("boom");
            }
            exchange.responseBody().write("fine".getBytes());
        });
        try (Socket socket = connect()) {
            send(socket, "GET /boom HTTP/1.1\r\nHost: h\r\n\r\nGET /ok HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response failed = RawHttp.read(socket.getInputStream());
            assertEquals(500, failed.status);
            assertFalse(failed.text().contains("partial"), "the buffered partial body was discarded");
            assertEquals("fine", RawHttp.read(socket.getInputStream()).text());
        }
    }

    @Test
    void handlerFailureAfterCommitClosesTheConnection() throws IOException {
        start(exchange -> {
            BIG.handle(exchange);
            throw new IllegalStateException("late");
        });
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThrowsIo(() -> RawHttp.read(socket.getInputStream()));
        }
    }

    @Test
    void responseTrailersFollowAChunkedBody() throws IOException {
        start(exchange -> {
            exchange.trailers(() -> java.util.Map.of("X-Sum", "42"));
            BIG.handle(exchange);
        });
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            InputStream in = socket.getInputStream();
            RawHttp.Response head = RawHttp.read(in, true);
            assertEquals("chunked", head.header("Transfer-Encoding"));
            byte[] all = in.readAllBytes();
            String tail = new String(all, all.length - 40, 40);
            assertTrue(tail.contains("0\r\nX-Sum: 42\r\n\r\n"), tail);
        }
    }

    @Test
    void headerValuesCannotSplitTheResponse() throws IOException {
        start(exchange -> exchange.responseHeaders().set("X-Echo", "a\r\nSet-Cookie: evil=1"));
        RawHttp.Response response = exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertNull(response.header("Set-Cookie"));
        assertEquals("a  Set-Cookie: evil=1", response.header("X-Echo"));
    }

    private static void assertThrowsIo(org.junit.jupiter.api.function.Executable executable) {
        try {
            executable.execute();
        } catch (IOException | RuntimeException e) {
            return;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        throw new AssertionError("expected the response to be cut off");
    }

    @Test
    void echoesBinaryBodiesExactly() throws IOException {
        start(exchange -> exchange.responseBody().write(exchange.requestBody().readAllBytes()));
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 256\r\n\r\n");
            socket.getOutputStream().write(payload);
            assertArrayEquals(payload, RawHttp.read(socket.getInputStream()).body);
        }
    }
}
