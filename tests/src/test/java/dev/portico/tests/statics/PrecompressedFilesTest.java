package dev.portico.tests.statics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portico.Portico;
import dev.portico.server.Compression;
import dev.portico.servlet.DefaultServlet;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.Gzip;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DefaultServlet's precompressed siblings ({@code app.js.br}, {@code app.js.gz}): sent as they are to a client
 * that accepts their coding, with their own length and entity tag; the identity file for everyone else and for
 * ranges. "/" runs with on-the-fly compression on (which must not compress them again), "/plain" with it off
 * (siblings are the DefaultServlet's, not the compressor's), "/off" with the servlet's {@code precompressed=false}.
 */
class PrecompressedFilesTest {
    private static final String SCRIPT = "console.log('precompressed');\n".repeat(2000);
    private static final String GZ = "Accept-Encoding: gzip";
    /** Not real Brotli (the JDK has no encoder): the test only needs to see these exact bytes come back. */
    private static final byte[] FAKE_BROTLI = "brotli bytes of app.js".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path root;
    static byte[] gzipped;
    static Portico compressing;
    static Portico plain;

    @BeforeAll
    static void start() throws Exception {
        Instant built = Instant.parse("2026-01-01T00:00:00Z");
        gzipped = Gzip.compress(SCRIPT);
        write("app.js", SCRIPT.getBytes(StandardCharsets.UTF_8), built);
        write("app.js.gz", gzipped, built.plusSeconds(1));
        write("app.js.br", FAKE_BROTLI, built.plusSeconds(1));
        write("style.css", SCRIPT.getBytes(StandardCharsets.UTF_8), built);
        write("style.css.gz", gzipped, built);
        write("stale.js", SCRIPT.getBytes(StandardCharsets.UTF_8), built);
        write("stale.js.gz", Gzip.compress("old content"), built.minusSeconds(60));

        WebAppSpec site = new WebAppSpec("/");
        site.servlet("default", new DefaultServlet()).initParam("root", root.toString()).mapping("/");
        WebAppSpec off = new WebAppSpec("/off");
        off.servlet("default", new DefaultServlet()).initParam("root", root.toString())
                .initParam("precompressed", "false").mapping("/");
        compressing = Portico.builder().port(0).compression(Compression.gzip()).context(site).context(off).build()
                .start();
        WebAppSpec plainSite = new WebAppSpec("/plain");
        plainSite.servlet("default", new DefaultServlet()).initParam("root", root.toString()).mapping("/");
        plain = Portico.builder().port(0).context(plainSite).build().start();
    }

    @AfterAll
    static void stop() {
        if (compressing != null) {
            compressing.stop();
        }
        if (plain != null) {
            plain.stop();
        }
    }

    private static RawHttp.Response get(String target, String... headers) throws IOException {
        return RawHttp.get(compressing.port(), target, headers);
    }

    @Test
    void gzipSiblingIsSentAsItIs() throws Exception {
        RawHttp.Response response = get("/app.js", GZ);
        assertEquals(200, response.status);
        assertEquals("gzip", response.header("Content-Encoding"));
        assertEquals("Accept-Encoding", response.header("Vary"));
        assertEquals(String.valueOf(gzipped.length), response.header("Content-Length"));
        assertArrayEquals(gzipped, response.body, "the file's own bytes, not compressed again");
        assertEquals("text/javascript;charset=UTF-8", response.header("Content-Type"));
        assertEquals(SCRIPT, Gzip.decompress(response.body));
    }

    @Test
    void brotliIsPreferredWhenAcceptedAsWell() throws Exception {
        RawHttp.Response response = get("/app.js", "Accept-Encoding: gzip, deflate, br");
        assertEquals("br", response.header("Content-Encoding"));
        assertArrayEquals(FAKE_BROTLI, response.body);
        assertEquals("gzip", get("/app.js", "Accept-Encoding: gzip, br;q=0.5").header("Content-Encoding"));
    }

    @Test
    void eachVariantHasItsOwnEntityTag() throws Exception {
        String identity = get("/app.js").header("ETag");
        String gzip = get("/app.js", GZ).header("ETag");
        String brotli = get("/app.js", "Accept-Encoding: br").header("ETag");
        assertEquals(3, List.of(identity, gzip, brotli).stream().distinct().count(), identity + gzip + brotli);
    }

    @Test
    void variantsTagMatchesIfNoneMatch() throws Exception {
        String gzip = get("/app.js", GZ).header("ETag");
        RawHttp.Response notModified = get("/app.js", GZ, "If-None-Match: " + gzip);
        assertEquals(304, notModified.status);
        assertEquals(gzip, notModified.header("ETag"));
        assertEquals("Accept-Encoding", notModified.header("Vary"));
        assertNull(notModified.header("Content-Encoding"));
        assertEquals(200, get("/app.js", "Accept-Encoding: br", "If-None-Match: " + gzip).status,
                "the gzip variant's tag is not the brotli variant's");
    }

    @Test
    void identityComesWithVaryWhenSiblingsExist() throws Exception {
        RawHttp.Response response = get("/app.js", "Accept-Encoding: deflate");
        assertNull(response.header("Content-Encoding"));
        assertEquals("Accept-Encoding", response.header("Vary"));
        assertEquals(SCRIPT, response.text());
    }

    @Test
    void rangeGetsTheIdentityFile() throws Exception {
        RawHttp.Response response = get("/app.js", GZ, "Range: bytes=0-6");
        assertEquals(206, response.status);
        assertNull(response.header("Content-Encoding"));
        assertEquals("console", response.text());
    }

    @Test
    void headHasTheHeadersOfTheGet() throws Exception {
        RawHttp.Response get = get("/app.js", GZ);
        RawHttp.Response head = RawHttp.request(compressing.port(), "HEAD", "/app.js", null, GZ);
        for (String name : List.of("Content-Encoding", "Vary", "ETag", "Content-Length", "Content-Type")) {
            assertEquals(get.header(name), head.header(name), name);
        }
    }

    @Test
    void siblingOlderThanItsFileIsIgnored() throws Exception {
        RawHttp.Response response = get("/stale.js", GZ);
        assertEquals("gzip", response.header("Content-Encoding"), "compressed on the fly instead");
        assertEquals(SCRIPT, Gzip.decompress(response.body));
        RawHttp.Response identity = RawHttp.get(plain.port(), "/plain/stale.js", GZ);
        assertNull(identity.header("Content-Encoding"));
        assertEquals(SCRIPT, identity.text());
    }

    @Test
    void siblingsAreServedWithoutOnTheFlyCompression() throws Exception {
        RawHttp.Response response = RawHttp.get(plain.port(), "/plain/style.css", GZ);
        assertEquals("gzip", response.header("Content-Encoding"));
        assertArrayEquals(gzipped, response.body);
        assertEquals("Accept-Encoding", response.header("Vary"));
    }

    @Test
    void precompressedFalseServesTheIdentity() throws Exception {
        RawHttp.Response response = get("/off/app.js", GZ);
        assertEquals("gzip", response.header("Content-Encoding"), "compressed on the fly");
        assertEquals(SCRIPT, Gzip.decompress(response.body));
        assertNotEquals(get("/app.js", GZ).header("ETag"), response.header("ETag"));
        RawHttp.Response brotli = get("/off/app.js", "Accept-Encoding: br");
        assertNull(brotli.header("Content-Encoding"));
        assertEquals(SCRIPT, brotli.text());
    }

    @Test
    void curlDecodesTheVariants() throws Exception {
        for (String coding : List.of("gzip", "deflate")) {
            Process curl = new ProcessBuilder("curl", "-sS", "--compressed", "-H", "Accept-Encoding: " + coding,
                    "http://127.0.0.1:" + compressing.port() + "/app.js").redirectErrorStream(true).start();
            String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, curl.waitFor(), body);
            assertEquals(SCRIPT, body, coding);
        }
    }

    private static void write(String name, byte[] bytes, Instant modified) throws IOException {
        Path file = root.resolve(name);
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }


}
