package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.http.HttpLimits;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A protocol fault (a broken chunk) or a limit (--max-body) met while the app reads the body is answered with its
 * status and {@code Connection: close}, however the app reads it; only a real I/O failure means the client is gone.
 */
class RequestBodyFaultsTest extends ServletTestSupport {
    private static final long MAX_BODY = 4096;
    private static final String BOUNDARY = "fault-boundary";

    private final Map<String, Object> seen = new ConcurrentHashMap<>();

    @BeforeEach
    void startApp() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("stream", servlet((req, resp) -> {
            req.getInputStream().readAllBytes();
            resp.getWriter().print("read");
        })).mapping("/stream");
        spec.servlet("catching", servlet((req, resp) -> {
            try {
                req.getInputStream().readAllBytes();
            } catch (IOException e) {
                resp.setStatus(422);
                resp.getWriter().print("handled " + e.getClass().getSimpleName());
            }
        })).mapping("/catching");
        spec.servlet("params", servlet((req, resp) -> resp.getWriter().print("a=" + req.getParameter("a"))))
                .mapping("/params");
        spec.servlet("parts", servlet((req, resp) -> resp.getWriter().print("parts=" + req.getParts().size())))
                .multipartConfig(new MultipartConfigElement("")).mapping("/parts");
        spec.servlet("listener", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ServletInputStream in = req.getInputStream();
            boolean answers = "answer".equals(req.getQueryString());
            in.setReadListener(new ReadListener() {
                private final byte[] buffer = new byte[1024];

                @Override
                public void onDataAvailable() throws IOException {
                    while (in.isReady() && !in.isFinished()) {
                        in.read(buffer);
                    }
                }

                @Override
                public void onAllDataRead() throws IOException {
                    resp.getWriter().print("all read");
                    ac.complete();
                }

                @Override
                public void onError(Throwable t) {
                    seen.put("onError", t.getClass().getSimpleName());
                    if (answers) {
                        resp.setStatus(422);
                        try {
                            resp.getWriter().print("handled");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        ac.complete();
                    }
                }
            });
        })).asyncSupported(true).mapping("/listener");
        start(ServerOptions.defaults().withLimits(HttpLimits.defaults().withMaxBody(MAX_BODY)), spec);
    }

    /** A chunked body whose second chunk-size line is not hexadecimal (RFC 9112 §7.1). */
    private static String badChunks() {
        return "5\r\nhello\r\nzz\r\n";
    }

    /** A chunked body larger than --max-body, in 1 KiB chunks, properly ended. */
    private static String oversizedChunks() {
        StringBuilder sb = new StringBuilder();
        for (long sent = 0; sent <= MAX_BODY; sent += 1024) {
            sb.append("400\r\n").append("a".repeat(1024)).append("\r\n");
        }
        return sb.append("0\r\n\r\n").toString();
    }

    /** Sends a chunked POST and reads the answer; the connection must then be closed by the server. */
    private RawHttp.Response chunkedPost(String target, String contentType, String chunks) throws IOException {
        try (Socket socket = RawHttp.connect(port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            RawHttp.Response response = RawHttp.read(in, false);
            assertEquals("close", response.header("Connection"), response.toString());
            assertEquals(-1, in.read(), "the connection is closed after the response");
            return response;
        }
    }

    private RawHttp.Response chunkedPost(String target, String chunks) throws IOException {
        return chunkedPost(target, "application/octet-stream", chunks);
    }

    @Test
    void brokenChunkReadThroughTheStreamIs400() throws Exception {
        assertEquals(400, chunkedPost("/stream", badChunks()).status);
    }

    @Test
    void bodyOverMaxBodyReadThroughTheStreamIs413() throws Exception {
        assertEquals(413, chunkedPost("/stream", oversizedChunks()).status);
    }

    @Test
    void appThatCatchesTheFaultKeepsItsResponseButTheConnectionCloses() throws Exception {
        RawHttp.Response r = chunkedPost("/catching", badChunks());
        assertEquals(422, r.status, r.toString());
        assertEquals("handled HttpException", r.text());
    }

    @Test
    void brokenChunkReadAsParametersIs400() throws Exception {
        assertEquals(400, chunkedPost("/params", "application/x-www-form-urlencoded", "3\r\na=1\r\nzz\r\n").status);
    }

    @Test
    void formOverMaxBodyReadAsParametersIs413() throws Exception {
        assertEquals(413, chunkedPost("/params", "application/x-www-form-urlencoded", oversizedChunks()).status);
    }

    @Test
    void brokenChunkReadAsPartsIs400() throws Exception {
        String part = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1";
        String chunks = Integer.toHexString(part.length()) + "\r\n" + part + "\r\nzz\r\n";
        assertEquals(400, chunkedPost("/parts", "multipart/form-data; boundary=" + BOUNDARY, chunks).status);
    }

    @Test
    void brokenChunkReadByAReadListenerGoesToOnErrorAndIsAnswered400() throws Exception {
        RawHttp.Response r = chunkedPost("/listener", badChunks());
        assertEquals(400, r.status, r.toString());
        assertEquals("HttpException", seen.get("onError"));
    }

    @Test
    void bodyOverMaxBodyReadByAReadListenerIs413() throws Exception {
        assertEquals(413, chunkedPost("/listener", oversizedChunks()).status);
        assertEquals("HttpException", seen.get("onError"));
    }

    @Test
    void readListenerThatAnswersInOnErrorKeepsItsResponse() throws Exception {
        RawHttp.Response r = chunkedPost("/listener?answer", badChunks());
        assertEquals(422, r.status, r.toString());
        assertEquals("handled", r.text());
    }

    @Test
    void clientThatHangsUpMidBodyGetsNoAnswerAndTheServerGoesOn() throws Exception {
        try (Socket socket = RawHttp.connect(port())) {
            socket.getOutputStream().write(("POST /stream HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n"
                    + "only ten..").getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read(), "nothing is answered to a client that went away");
        }
        assertEquals("read", RawHttp.post(port(), "/stream", "text/plain", new byte[10]).text());
    }
}
