package dev.portico.bench.app;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one servlet every server in the benchmark runs, mapped at {@code /*}. Each path is one scenario:
 *
 * <ul>
 *   <li>{@code GET /plaintext} — the 13 bytes {@code Hello, World!}, text/plain</li>
 *   <li>{@code GET /json} — a small JSON object, written by hand so no library is measured</li>
 *   <li>{@code GET /catalog} — about 64 KiB of JSON with a Content-Length ({@link Catalog}): what gzip is
 *       measured on</li>
 *   <li>{@code POST /echo} — the request body, streamed back</li>
 *   <li>{@code GET /bytes?n=N} — N bytes streamed with no length set, flushed every 8 KiB, so the server must
 *       chunk (or close) and cannot buffer the whole body</li>
 *   <li>{@code GET /sleep?ms=N} — blocks the request thread N ms, then answers: measures how many requests a
 *       server can keep waiting at once</li>
 * </ul>
 */
public final class BenchServlet extends HttpServlet {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = ("{\"id\":42,\"name\":\"Portico\",\"fast\":true,"
            + "\"tags\":[\"servlet\",\"http\"],\"message\":\"Hello, World!\"}").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CATALOG = Catalog.json();
    private static final byte[] SLEPT = "slept\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 8 * 1024;
    private static final byte[] FILLER = filler();
    private static final long MAX_BYTES = 1L << 30;
    private static final long MAX_SLEEP_MS = 60_000;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI();
        switch (path) {
            case "/plaintext" -> fixed(resp, "text/plain", HELLO);
            case "/json" -> fixed(resp, "application/json", JSON);
            case "/catalog" -> fixed(resp, "application/json", CATALOG);
            case "/echo" -> echo(req, resp);
            case "/bytes" -> bytes(req, resp);
            case "/sleep" -> sleep(req, resp);
            default -> resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private static void fixed(HttpServletResponse resp, String contentType, byte[] body) throws IOException {
        resp.setContentType(contentType);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static void echo(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"POST".equals(req.getMethod())) {
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        resp.setContentType("application/octet-stream");
        byte[] buffer = new byte[CHUNK];
        InputStream in = req.getInputStream();
        ServletOutputStream out = resp.getOutputStream();
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
        }
    }

    private static void bytes(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long n = longParameter(req, "n", CHUNK);
        if (n < 0 || n > MAX_BYTES) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "n must be within 0.." + MAX_BYTES);
            return;
        }
        resp.setContentType("application/octet-stream");
        ServletOutputStream out = resp.getOutputStream();
        while (n > 0) {
            int len = (int) Math.min(n, CHUNK);
            out.write(FILLER, 0, len);
            out.flush();
            n -= len;
        }
    }

    private static void sleep(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long ms = longParameter(req, "ms", 100);
        if (ms < 0 || ms > MAX_SLEEP_MS) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "ms must be within 0.." + MAX_SLEEP_MS);
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        fixed(resp, "text/plain", SLEPT);
    }

    private static long longParameter(HttpServletRequest req, String name, long fallback) {
        String value = req.getParameter(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] filler() {
        byte[] b = new byte[CHUNK];
        Arrays.fill(b, (byte) 'x');
        return b;
    }
}
