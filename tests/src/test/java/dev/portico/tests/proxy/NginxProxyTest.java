package dev.portico.tests.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.Portico;
import dev.portico.http.HttpLimits;
import dev.portico.server.Exchange;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Portico (embedded, default settings: it trusts 127.0.0.1) behind a real nginx running the documented sample
 * configuration: TLS ends at nginx, and the servlet still sees the client as nginx saw it — its address (the
 * client binds to the loopback alias 127.0.0.5; nginx connects to Portico from 127.0.0.1), https, the external host
 * and port — in URLs and redirects too; 100 MiB pass through both ways, streamed on each side.
 */
class NginxProxyTest {
    private static final String CLIENT_ADDRESS = "127.0.0.5";
    private static final long HUNDRED_MIB = 100L << 20;

    private static Portico portico;
    private static Nginx nginx;
    /** The request log's view of each exchange: "peer client". */
    private static final List<String> logged = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.servlet("probe", new Probe()).mapping("/probe");
        spec.servlet("upload", new Upload()).mapping("/upload");
        spec.servlet("download", new Download()).mapping("/download");
        ServerOptions options = ServerOptions.defaults().withPort(0)
                .withLimits(HttpLimits.defaults().withMaxBody(HUNDRED_MIB + 1));
        portico = Portico.builder().options(options).context(spec)
                .requestLog((Exchange e, long nanos) -> logged.add(
                        e.remoteAddress().getAddress().getHostAddress() + " " + e.origin().clientAddress()))
                .build().start();
        nginx = Nginx.start(portico.port());
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (portico != null) {
            portico.stop();
        }
    }

    /** Prints what the servlet sees; {@code ?redirect=L} answers sendRedirect(L). */
    static final class Probe extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getParameter("redirect") != null) {
                resp.sendRedirect(req.getParameter("redirect"));
                return;
            }
            resp.getWriter().print("remoteAddr=" + req.getRemoteAddr() + "\nscheme=" + req.getScheme()
                    + "\nsecure=" + req.isSecure() + "\nserverName=" + req.getServerName()
                    + "\nserverPort=" + req.getServerPort() + "\nurl=" + req.getRequestURL()
                    + "\nlocalAddr=" + req.getLocalAddr() + "\n");
        }
    }

    /** Reads the body as it comes, and answers its length and SHA-256. */
    static final class Upload extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().print(lengthAndDigest(req.getInputStream()));
        }
    }

    /** {@code ?length=N} bytes of {@link #pattern}, written as they are made, with a Content-Length. */
    static final class Download extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            long length = Long.parseLong(req.getParameter("length"));
            resp.setContentType("application/octet-stream");
            resp.setContentLengthLong(length);
            try (OutputStream out = resp.getOutputStream()) {
                pattern(length).transferTo(out);
            }
        }
    }

    /** {@code length} bytes counting 0..250 over and over: made as read, never held. */
    static InputStream pattern(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? (int) (position++ % 251) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - position);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) (position++ % 251);
                }
                return n;
            }
        };
    }

    /** "LENGTH SHA-256" of what {@code in} gives, read as it comes (then closed). */
    static String lengthAndDigest(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        long length = 0;
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                length += n;
            }
        }
        return length + " " + HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String origin() {
        return nginx.origin();
    }

    private static RawHttp.Response fromClientAddress(String target) throws Exception {
        return nginx.get(CLIENT_ADDRESS, target);
    }

    private static HttpClient client() throws Exception {
        return nginx.httpClient();
    }

    @Test
    void theServletSeesTheClientAndTheExternalHttpsOrigin() throws Exception {
        RawHttp.Response r = fromClientAddress("/app/probe");
        assertEquals(200, r.status, () -> r + "\n" + nginx.errorLog());
        Map<String, String> m = r.lines();
        assertEquals(CLIENT_ADDRESS, m.get("remoteAddr"), "the client nginx saw, not nginx itself");
        assertEquals("https", m.get("scheme"));
        assertEquals("true", m.get("secure"), "TLS ended at nginx; Portico's connection is plain");
        assertEquals("localhost", m.get("serverName"));
        assertEquals(String.valueOf(nginx.httpsPort), m.get("serverPort"));
        assertEquals(origin() + "/app/probe", m.get("url"));
        assertEquals("127.0.0.1", m.get("localAddr"));
        // The request log hears of an exchange once its response is sent, so maybe just after the client read it.
        for (long end = System.nanoTime() + 10_000_000_000L;
                !logged.contains("127.0.0.1 " + CLIENT_ADDRESS) && System.nanoTime() < end; ) {
            Thread.sleep(10);
        }
        assertTrue(logged.contains("127.0.0.1 " + CLIENT_ADDRESS),
                () -> "the request log has the peer (nginx) and the client: " + logged);
    }

    @Test
    void redirectsKeepTheExternalOrigin() throws Exception {
        RawHttp.Response r = fromClientAddress("/app/probe?redirect=next");
        assertEquals(302, r.status, r::toString);
        assertEquals(origin() + "/app/next", r.header("Location"));
        r = fromClientAddress("/app/probe?redirect=/app/elsewhere");
        assertEquals(origin() + "/app/elsewhere", r.header("Location"));
    }

    @Test
    void plainHttpIsRedirectedToHttpsByNginx() throws Exception {
        RawHttp.Response r = RawHttp.get(nginx.httpPort, "/app/probe", "Host: localhost");
        assertEquals(301, r.status);
        assertEquals("https://localhost/app/probe", r.header("Location"));
    }

    @Test
    void anUploadOf100MiBStreamsThrough() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/app/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> pattern(HUNDRED_MIB)), HUNDRED_MIB))
                .build();
        HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> response.body() + "\n" + nginx.errorLog());
        assertEquals(lengthAndDigest(pattern(HUNDRED_MIB)), response.body());
    }

    @Test
    void aDownloadOf100MiBStreamsThrough() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/app/download?length=" + HUNDRED_MIB))
                .build();
        HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(HUNDRED_MIB), response.headers().firstValue("Content-Length").orElse(null));
        assertEquals(lengthAndDigest(pattern(HUNDRED_MIB)), lengthAndDigest(response.body()));
    }
}
