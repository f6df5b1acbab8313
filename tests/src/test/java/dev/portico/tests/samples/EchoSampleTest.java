package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sample-apps/echo served by the CLI as {@code echo.jar:example.echo.EchoServlet}. */
class EchoSampleTest {
    private PorticoCli portico;
    private final Http http = Http.client();

    @AfterEach
    void stop() {
        if (portico != null) {
            portico.close();
        }
    }

    private void start(String app) throws Exception {
        portico = PorticoCli.start(app + PorticoCli.sample("echo") + ":example.echo.EchoServlet");
    }

    @Test
    void postEchoesTheBodyWithItsContentType() throws Exception {
        start("");
        HttpResponse<String> response = http.post(portico.uri("/anything"), "application/json", "{\"a\":[1,2,3]}");
        assertEquals(200, response.statusCode());
        assertEquals("{\"a\":[1,2,3]}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void postEchoesABinaryBodyByteForByte() throws Exception {
        start("");
        byte[] body = new byte[300_000];
        new Random(42).nextBytes(body);
        HttpResponse<byte[]> response = http.sendForBytes(HttpRequest.newBuilder(portico.uri("/"))
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(body)).build());
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
    }

    @Test
    void getShowsTheRequestAsTheServletSeesItEscaped() throws Exception {
        start("");
        HttpResponse<String> response = http.send(Http.request(portico.uri("/some/path?q=%3Cscript%3E&n=1&n=2"))
                .header("X-Probe", "<b>bold</b>")
                .header("Cookie", "flavour=oat")
                .GET().build());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        String page = response.body();
        assertTrue(page.contains("<th>Method</th><td><code>GET</code>"), page);
        assertTrue(page.contains("<th>Request URI</th><td><code>/some/path</code>"), page);
        assertTrue(page.contains("<th>Path info</th><td><code>/some/path</code>"), page);
        assertTrue(page.contains("<th>Query string</th><td><code>q=%3Cscript%3E&amp;n=1&amp;n=2</code>"), page);
        assertTrue(page.contains("<th>q</th><td><code>&lt;script&gt;</code>"), page);
        assertTrue(page.contains("<th>n</th><td><code>1, 2</code>"), page);
        assertTrue(page.contains("&lt;b&gt;bold&lt;/b&gt;"), page);
        assertTrue(page.contains("<th>flavour</th><td><code>oat</code>"), page);
        assertTrue(page.contains("<th>Remote address</th><td><code>127.0.0.1:"), page);
        assertFalse(page.contains("<script>"), "client input must never become markup");
        assertFalse(page.contains("<b>bold"), "client input must never become markup");
    }

    @Test
    void aContextPathSplitsTheUri() throws Exception {
        start("/echo=");
        String page = http.get(portico.uri("/echo/a/b?x=1")).body();
        assertTrue(page.contains("<th>Context path</th><td><code>/echo</code>"), page);
        assertTrue(page.contains("<th>Servlet path</th><td><code></code>"), page);
        assertTrue(page.contains("<th>Path info</th><td><code>/a/b</code>"), page);
        assertEquals(404, http.get(portico.uri("/elsewhere")).statusCode());
    }
}
