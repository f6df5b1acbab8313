package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.server.Compression;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.DefaultServlet;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.Gzip;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Response compression on the wire (--gzip): negotiated by Accept-Encoding, decided when the response commits, so
 * servlets and the DefaultServlet alike get it.
 */
class CompressionTest extends ServletTestSupport {
    private static final String GZIP = "Accept-Encoding: gzip";
    /** 8 KiB of JSON: compresses well, and fits the 16 KiB response buffer. */
    private static final String JSON = json(8 * 1024);
    /** 200 KB of text: overflows the buffer, so it streams. */
    private static final String BIG = "lorem ipsum dolor sit amet, ".repeat(7_200);

    @TempDir
    Path www;
    private final CountDownLatch firstEventRead = new CountDownLatch(1);
    private final AtomicInteger encodersSeen = new AtomicInteger();

    private void startApp(Compression compression) throws Exception {
        Files.writeString(www.resolve("app.js"), BIG);
        Files.writeString(www.resolve("tiny.js"), "let x = 1;\n");
        WebAppSpec app = new WebAppSpec("/");
        app.servlet("json", servlet((req, resp) -> {
            resp.setContentType("application/json");
            resp.getWriter().write(JSON);
        })).mapping("/json");
        app.servlet("problem", servlet((req, resp) -> {
            resp.setContentType("application/problem+json");
            resp.getWriter().write(JSON);
        })).mapping("/problem");
        app.servlet("big", servlet((req, resp) -> {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write(BIG);
        })).mapping("/big");
        app.servlet("declared", servlet((req, resp) -> {
            byte[] bytes = BIG.getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/plain");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        })).mapping("/declared");
        app.servlet("small", servlet((req, resp) -> {
            resp.setContentType("text/plain");
            resp.getWriter().write("small and plain");
        })).mapping("/small");
        app.servlet("png", servlet((req, resp) -> {
            resp.setContentType("image/png");
            resp.getOutputStream().write(BIG.getBytes(StandardCharsets.UTF_8));
        })).mapping("/png");
        app.servlet("encoded", servlet((req, resp) -> {
            resp.setContentType("text/plain");
            resp.setHeader("Content-Encoding", "gzip");
            resp.getOutputStream().write(Gzip.compress(BIG));
        })).mapping("/encoded");
        app.servlet("notransform", servlet((req, resp) -> {
            resp.setContentType("text/plain");
            resp.setHeader("Cache-Control", "public, no-transform");
            resp.getWriter().write(BIG);
        })).mapping("/notransform");
        app.servlet("vary", servlet((req, resp) -> {
            resp.setContentType("text/html");
            resp.setHeader("Vary", "Cookie");
            resp.getWriter().write(BIG);
        })).mapping("/vary");
        app.servlet("events", servlet((req, resp) -> {
            resp.setContentType("text/event-stream");
            resp.getWriter().write("data: one\n\n");
            resp.flushBuffer();
            try {
                // Only a client that decoded the first event while the response is still open lets it go on.
                if (!firstEventRead.await(20, TimeUnit.SECONDS)) {
                    throw new IOException("the client never read the first event");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            resp.getWriter().write("data: two\n\n");
        })).mapping("/events");
        app.servlet("endless", servlet((req, resp) -> {
            resp.setContentType("text/plain");
            byte[] line = "an endless stream of compressible text\n".repeat(100).getBytes(StandardCharsets.UTF_8);
            var out = resp.getOutputStream();
            out.write(line);
            out.flush();
            encodersSeen.accumulateAndGet(Compression.openEncoders(), Math::max);
            for (int i = 0; i < 100_000; i++) {
                out.write(line);   // until the client's reset makes a write fail
            }
        })).mapping("/endless");
        app.servlet("static", new DefaultServlet()).initParam("root", www.toString()).mapping("/static/*");
        start(ServerOptions.defaults().withCompression(compression), app);
    }

    private void startApp() throws Exception {
        startApp(Compression.gzip());
    }

    // ---- negotiation -----------------------------------------------------------------------------------------

    @Test
    void bufferedResponseIsCompressedWholeWithItsCompressedLength() throws Exception {
        startApp();
        RawHttp.Response response = get("/json", GZIP);
        assertEquals("Accept-Encoding", response.header("Vary"));
        assertNull(response.header("Transfer-Encoding"));
        assertEquals(String.valueOf(response.body.length), response.header("Content-Length"));
        assertTrue(response.body.length < JSON.length() / 4, "compressed to " + response.body.length);
        assertCompressed(JSON, response);
    }

    @Test
    void streamedResponseIsCompressedChunked() throws Exception {
        startApp();
        RawHttp.Response response = get("/big", GZIP);
        assertEquals("chunked", response.header("Transfer-Encoding"));
        assertNull(response.header("Content-Length"));
        assertCompressed(BIG, response);
    }

    @Test
    void declaredLengthGivesWayToTheCompressedStream() throws Exception {
        startApp();
        RawHttp.Response response = get("/declared", GZIP);
        assertNull(response.header("Content-Length"), "the app's length is the identity's");
        assertCompressed(BIG, response);
    }

    @Test
    void streamedToHttp10UntilTheClose() throws Exception {
        startApp();
        try (Socket socket = RawHttp.connect(port())) {
            RawHttp.send(socket, "GET /big HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n");
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            assertNull(response.header("Transfer-Encoding"));
            assertCompressed(BIG, response);
        }
    }

    @Test
    void structuredJsonTypesAreCompressed() throws Exception {
        startApp();
        RawHttp.Response response = get("/problem", GZIP);
        assertCompressed(JSON, response);
    }

    @Test
    void withoutAcceptEncodingTheIdentityComesWithVary() throws Exception {
        startApp();
        RawHttp.Response response = get("/json");
        assertEquals("Accept-Encoding", response.header("Vary"), "a cache must not give this to a gzip client");
        assertIdentity(JSON, response);
    }

    @Test
    void gzipAtQualityZeroIsNotSent() throws Exception {
        startApp();
        for (String field : List.of("Accept-Encoding: gzip;q=0, deflate", "Accept-Encoding: br",
                "Accept-Encoding: *;q=0, identity", "Accept-Encoding: gzip;q=0.5, identity",
                "Accept-Encoding: gzip;q=bogus", "Accept-Encoding: ;;;,,=, \"gzip\", gzip;q=1.5", "Accept-Encoding:")) {
            RawHttp.Response response = get("/json", field);
            assertEquals(200, response.status, field);
            assertIdentity(JSON, response, field);
        }
    }

    @Test
    void qualitiesAndCaseAreRead() throws Exception {
        startApp();
        for (String field : List.of("Accept-Encoding: deflate;q=1, GZIP;q=0.1", "Accept-Encoding: x-gzip",
                "Accept-Encoding: *", "Accept-Encoding: gzip, identity;q=0", "Accept-Encoding: br, gzip;Q=0.9")) {
            RawHttp.Response response = get("/json", field);
            assertCompressed(JSON, response, field);
        }
    }

    @Test
    void smallResponseIsSentAsItIsButStillVaries() throws Exception {
        startApp();
        RawHttp.Response response = get("/small", GZIP);
        assertIdentity("small and plain", response);
        assertEquals("Accept-Encoding", response.header("Vary"));
    }

    @Test
    void smallResponseIsCompressedWhenIdentityIsRefused() throws Exception {
        startApp();
        RawHttp.Response response = get("/small", "Accept-Encoding: gzip, identity;q=0");
        assertEquals("gzip", response.header("Content-Encoding"));
        assertEquals("small and plain", Gzip.decompress(response.body));
    }

    @Test
    void minimumSizeIsConfigurable() throws Exception {
        startApp(Compression.gzip().withMinSize(10));
        assertEquals("gzip", get("/small", GZIP).header("Content-Encoding"));
    }

    @Test
    void levelIsConfigurable() throws Exception {
        startApp(Compression.gzip().withLevel(1));
        RawHttp.Response response = get("/json", GZIP);
        assertCompressed(JSON, response);
        assertEquals(String.valueOf(18 + rawDeflateLength(JSON, 1)), response.header("Content-Length"),
                "a 10-byte gzip header, the level 1 deflate stream, an 8-byte trailer");
    }

    @Test
    void typesAreConfigurable() throws Exception {
        startApp(Compression.gzip().withTypes(List.of("image/png")));
        assertEquals("gzip", get("/png", GZIP).header("Content-Encoding"));
        RawHttp.Response json = get("/json", GZIP);
        assertNull(json.header("Content-Encoding"));
        assertNull(json.header("Vary"));
    }

    @Test
    void otherTypesAreNeitherCompressedNorVaried() throws Exception {
        startApp();
        RawHttp.Response response = get("/png", GZIP);
        assertNull(response.header("Vary"));
        assertIdentity(BIG, response);
    }

    @Test
    void applicationsOwnContentEncodingIsLeftAlone() throws Exception {
        startApp();
        RawHttp.Response response = get("/encoded", GZIP);
        assertEquals(List.of("gzip"), response.headers("Content-Encoding"));
        assertCompressed(BIG, response, "compressed once, by the app");
    }

    @Test
    void noTransformIsRespected() throws Exception {
        startApp();
        RawHttp.Response response = get("/notransform", GZIP);
        assertIdentity(BIG, response);
    }

    @Test
    void varyIsMergedWithTheApplications() throws Exception {
        startApp();
        RawHttp.Response response = get("/vary", GZIP);
        assertEquals(List.of("Cookie, Accept-Encoding"), response.headers("Vary"));
        assertCompressed(BIG, response);
    }

    @Test
    void offByDefault() throws Exception {
        startApp(Compression.defaults());
        RawHttp.Response response = get("/json", GZIP);
        assertNull(response.header("Vary"));
        assertIdentity(JSON, response);
        RawHttp.Response file = get("/static/app.js", GZIP);
        assertIdentity(BIG, file);
    }

    // ---- static files: validators, ranges, HEAD ----------------------------------------------------------------

    @Test
    void compressedVariantHasItsOwnEntityTag() throws Exception {
        startApp();
        RawHttp.Response identity = get("/static/app.js");
        RawHttp.Response compressed = get("/static/app.js", GZIP);
        assertCompressed(BIG, compressed);
        String tag = identity.header("ETag");
        assertEquals(tag.substring(0, tag.length() - 1) + "--gzip\"", compressed.header("ETag"));
        assertEquals("Accept-Encoding", identity.header("Vary"));
        assertEquals("Accept-Encoding", compressed.header("Vary"));
    }

    @Test
    void compressedVariantsTagMatchesIfNoneMatch() throws Exception {
        startApp();
        String tag = get("/static/app.js", GZIP).header("ETag");
        RawHttp.Response notModified = get("/static/app.js", GZIP, "If-None-Match: " + tag);
        assertEquals(304, notModified.status);
        assertEquals(tag, notModified.header("ETag"), "the 304 names the variant the client holds");
        assertEquals("Accept-Encoding", notModified.header("Vary"));
        assertNull(notModified.header("Content-Encoding"));

        String identityTag = get("/static/app.js").header("ETag");
        RawHttp.Response identity = get("/static/app.js", "If-None-Match: " + identityTag);
        assertEquals(304, identity.status);
        assertEquals(identityTag, identity.header("ETag"));
        assertEquals(200, get("/static/app.js", GZIP, "If-None-Match: \"other--gzip\"").status);
    }

    @Test
    void rangeGetsTheIdentity() throws Exception {
        startApp();
        RawHttp.Response response = get("/static/app.js", GZIP, "Range: bytes=0-9");
        assertEquals(206, response.status);
        assertNull(response.header("Content-Encoding"));
        assertEquals(BIG.substring(0, 10), response.text());
        assertEquals("bytes 0-9/" + BIG.length(), response.header("Content-Range"));
    }

    @Test
    void rangeOfAServletResponseGetsTheIdentity() throws Exception {
        startApp();
        RawHttp.Response response = get("/json", GZIP, "Range: bytes=0-9");
        assertIdentity(JSON, response);
    }

    @Test
    void headHasTheHeadersOfTheGet() throws Exception {
        startApp();
        for (String path : List.of("/static/app.js", "/json", "/big")) {
            RawHttp.Response get = get(path, GZIP);
            RawHttp.Response head = RawHttp.request(port(), "HEAD", path, null, GZIP);
            for (String name : List.of("Content-Encoding", "Vary", "ETag", "Content-Type")) {
                assertEquals(get.header(name), head.header(name), path + " " + name);
            }
            assertEquals("gzip", head.header("Content-Encoding"), path);
            assertNull(head.header("Content-Length"), path + ": the compressed length is not known without a body");
        }
    }

    @Test
    void smallFileIsSentAsItIs() throws Exception {
        startApp();
        RawHttp.Response response = get("/static/tiny.js", GZIP);
        assertIdentity("let x = 1;\n", response);
    }

    // ---- streaming and resources -------------------------------------------------------------------------------

    @Test
    void flushedPartReachesTheClientDecodableBeforeTheEnd() throws Exception {
        startApp();
        try (Socket socket = RawHttp.connect(port())) {
            RawHttp.send(socket, "GET /events HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n");
            InputStream in = socket.getInputStream();
            String head = RawHttp.readHead(in);
            assertTrue(head.contains("Content-Encoding: gzip"), head);
            assertTrue(head.contains("Transfer-Encoding: chunked"), head);
            InputStream body = new GZIPInputStream(new Dechunked(in), 64);
            assertEquals("data: one\n\n", readUntil(body, "\n\n"));
            firstEventRead.countDown();
            assertEquals("data: two\n\n", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void abortedResponsesReleaseTheirEncoders() throws Exception {
        startApp();
        int before = Compression.openEncoders();
        for (int i = 0; i < 20; i++) {
            try (Socket socket = RawHttp.connect(port())) {
                RawHttp.send(socket, "GET /endless HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n");
                String head = RawHttp.readHead(socket.getInputStream());
                assertTrue(head.contains("Content-Encoding: gzip"), head);
                socket.getInputStream().readNBytes(100);
                socket.setSoLinger(true, 0);   // a reset: the server's next writes fail
            }
        }
        assertTrue(encodersSeen.get() > before, "the responses were compressing when they were cut off");
        await("every encoder ended", Duration.ofSeconds(20), () -> Compression.openEncoders() == before);
        assertEquals(JSON, Gzip.decompress(get("/json", GZIP).body), "and the server goes on");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static int rawDeflateLength(String text, int level) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            byte[] out = new byte[text.length() + 64];
            int n = 0;
            while (!deflater.finished()) {
                n += deflater.deflate(out, n, out.length - n);
            }
            return n;
        } finally {
            deflater.end();
        }
    }

    /** The response came gzip-coded, and its body decodes to {@code text}. */
    private static void assertCompressed(String text, RawHttp.Response response, String... context)
            throws IOException {
        String what = String.join(" ", context);
        assertEquals("gzip", response.header("Content-Encoding"), what);
        assertEquals(text, Gzip.decompress(response.body), what);
    }

    /** The response came without a coding, as {@code text}. */
    private static void assertIdentity(String text, RawHttp.Response response, String... context) {
        String what = String.join(" ", context);
        assertNull(response.header("Content-Encoding"), what);
        assertEquals(text, response.text(), what);
    }

    private static String json(int size) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; sb.length() < size; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i)
                    .append("\",\"tags\":[\"a\",\"b\"]}");
        }
        return sb.append(']').toString();
    }



    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("ended after " + sb);
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    /** A chunked body as it arrives: each read returns what the current chunk has, never waiting for more. */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private int remaining;
        private boolean done;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                String size = RawHttp.line(in);
                remaining = Integer.parseInt(size.isEmpty() ? RawHttp.line(in) : size, 16);
                if (remaining == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, Math.min(len, remaining));
            if (n < 0) {
                throw new IOException("connection closed inside a chunk");
            }
            remaining -= n;
            return n;
        }
    }
}
