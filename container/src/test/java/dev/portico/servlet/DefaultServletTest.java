package dev.portico.servlet;

import static dev.portico.servlet.DefaultServletFakes.Request.atDefault;
import static dev.portico.servlet.DefaultServletFakes.Request.atPrefix;
import static dev.portico.servlet.DefaultServletFakes.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.DefaultServletFakes.Request;
import dev.portico.servlet.DefaultServletFakes.Response;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultServletTest {
    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";
    private static final Instant MODIFIED = Instant.parse("2024-03-05T10:15:30Z");
    private static final String MODIFIED_HTTP = "Tue, 05 Mar 2024 10:15:30 GMT";

    @TempDir
    Path temp;
    Path root;
    byte[] bigFile;
    DefaultServlet servlet;

    @BeforeEach
    void site() throws Exception {
        root = Files.createDirectories(temp.resolve("www"));
        write("index.html", "<h1>home</h1>");
        write("hello.txt", "Hello, world!\n");
        write("style.css", "body{}");
        write("logo.png", "\u0089PNG fake");
        write("data.unknownext", "???");
        write("empty.txt", "");
        write("docs/index.html", "<p>docs</p>");
        write("docs/guide.md", "# Guide");
        write("files/<img src=x onerror=\"alert(1)\">.txt", "x");
        write("files/a b&c.txt", "y");
        write("files/sub/deep.txt", "z");
        write("evil.example/index.html", "not a redirect target");
        bigFile = new byte[300_000];
        new Random(1).nextBytes(bigFile);
        Files.write(root.resolve("big.bin"), bigFile);
        try (Stream<Path> all = Files.walk(root)) {
            all.forEach(p -> {
                try {
                    Files.setLastModifiedTime(p, FileTime.from(MODIFIED));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        Files.writeString(temp.resolve("secret.txt"), SECRET);
        Files.createDirectories(temp.resolve("outside"));
        Files.writeString(temp.resolve("outside/secret.txt"), SECRET);
        servlet = DefaultServletFakes.servlet(DefaultServletFakes.plainContext(), Map.of("root", root.toString()));
    }

    private void write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private Response get(String path) throws Exception {
        return run(servlet, atDefault(path));
    }

    private Response get(Request request) throws Exception {
        return run(servlet, request);
    }

    // ---- plain GET and HEAD ----

    @Test
    void servesAFileWithLengthTypeAndValidators() throws Exception {
        Response r = get("/hello.txt");
        assertEquals(200, r.status);
        assertEquals("Hello, world!\n", r.text());
        assertEquals("14", r.header("Content-Length"));
        assertEquals("text/plain;charset=UTF-8", r.header("Content-Type"));
        assertEquals(MODIFIED_HTTP, r.header("Last-Modified"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        String etag = r.header("ETag");
        assertTrue(etag.matches("\"[0-9a-f]+-[0-9a-f]+\""), etag);
        assertFalse(etag.startsWith("W/"), "a strong validator, so If-Range can use it");
    }

    @Test
    void etagChangesWhenTheFileChanges() throws Exception {
        String before = get("/hello.txt").header("ETag");
        Files.writeString(root.resolve("hello.txt"), "Hello, world?\n");
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MODIFIED.plusSeconds(1)));
        assertFalse(before.equals(get("/hello.txt").header("ETag")));
    }

    @Test
    void headHasTheHeadersOfGetButNoBody() throws Exception {
        Response r = get(atDefault("/big.bin").method("HEAD"));
        assertEquals(200, r.status);
        assertEquals(String.valueOf(bigFile.length), r.header("Content-Length"));
        assertEquals(0, r.body.size());
        assertEquals(get("/big.bin").header("ETag"), r.header("ETag"));
    }

    @Test
    void largeFileIsStreamedIntact() throws Exception {
        Response r = get("/big.bin");
        assertEquals(200, r.status);
        assertArrayEquals(bigFile, r.body.toByteArray());
        assertEquals("application/octet-stream", r.header("Content-Type"));
    }

    @Test
    void emptyFileHasContentLengthZero() throws Exception {
        Response r = get("/empty.txt");
        assertEquals(200, r.status);
        assertEquals("0", r.header("Content-Length"));
    }

    @Test
    void mimeTypesComeFromTheAppMappingsThenTheBuiltInTable() throws Exception {
        assertEquals("text/css;charset=UTF-8", get("/style.css").header("Content-Type"));
        assertEquals("image/png", get("/logo.png").header("Content-Type"), "binary types get no charset");
        assertEquals("text/html;charset=UTF-8", get("/index.html").header("Content-Type"));
        assertEquals("text/markdown;charset=UTF-8", get("/docs/guide.md").header("Content-Type"));
        assertEquals("application/octet-stream", get("/data.unknownext").header("Content-Type"));
        assertEquals("nosniff", get("/data.unknownext").header("X-Content-Type-Options"));
        DefaultServlet withMappings = DefaultServletFakes.servlet(DefaultServletFakes.context(p -> null, p -> null,
                Map.of("unknownext", "application/x-custom", "css", "text/x-special")), Map.of("root", root.toString()));
        assertEquals("application/x-custom", run(withMappings, atDefault("/data.unknownext")).header("Content-Type"));
        assertEquals("text/x-special;charset=UTF-8", run(withMappings, atDefault("/style.css")).header("Content-Type"));
    }

    @Test
    void missingFileIs404() throws Exception {
        Response r = get("/nope.txt");
        assertEquals(404, r.status);
        assertTrue(r.errorSent, "through sendError, so the app's error page applies");
    }

    @Test
    void fileWithTrailingSlashIs404() throws Exception {
        assertEquals(404, get("/hello.txt/").status);
    }

    // ---- methods ----

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"})
    void otherMethodsAre405WithAllow(String method) throws Exception {
        Response r = get(atDefault("/hello.txt").method(method));
        assertEquals(405, r.status);
        assertEquals("GET, HEAD, OPTIONS", r.header("Allow"));
        assertEquals(0, r.body.size());
    }

    @Test
    void optionsListsTheMethods() throws Exception {
        Response r = get(atDefault("/hello.txt").method("OPTIONS"));
        assertEquals(200, r.status);
        assertEquals("GET, HEAD, OPTIONS", r.header("Allow"));
    }

    // ---- conditional requests ----

    @Test
    void ifNoneMatchWithTheCurrentEtagIs304() throws Exception {
        String etag = get("/hello.txt").header("ETag");
        Response r = get(atDefault("/hello.txt").header("If-None-Match", "\"other\", " + etag));
        assertEquals(304, r.status);
        assertEquals(0, r.body.size());
        assertEquals(etag, r.header("ETag"));
        assertEquals(304, get(atDefault("/hello.txt").header("If-None-Match", "W/" + etag)).status,
                "If-None-Match uses the weak comparison");
        assertEquals(304, get(atDefault("/hello.txt").header("If-None-Match", "*")).status);
        assertEquals(304, get(atDefault("/hello.txt").method("HEAD").header("If-None-Match", etag)).status);
        assertEquals(200, get(atDefault("/hello.txt").header("If-None-Match", "\"stale\"")).status);
    }

    @Test
    void ifModifiedSinceNotBeforeTheFileIs304() throws Exception {
        assertEquals(304, get(atDefault("/hello.txt").header("If-Modified-Since", MODIFIED_HTTP)).status);
        assertEquals(304, get(atDefault("/hello.txt").header("If-Modified-Since", "Wed, 06 Mar 2024 00:00:00 GMT"))
                .status);
        assertEquals(304, get(atDefault("/hello.txt").header("If-Modified-Since", "Tuesday, 05-Mar-24 10:15:30 GMT"))
                .status, "RFC 850 dates are accepted");
        assertEquals(304, get(atDefault("/hello.txt").header("If-Modified-Since", "Tue Mar  5 10:15:30 2024"))
                .status, "asctime dates are accepted");
        Response older = get(atDefault("/hello.txt").header("If-Modified-Since", "Tue, 05 Mar 2024 10:15:29 GMT"));
        assertEquals(200, older.status);
        assertEquals("Hello, world!\n", older.text());
        assertEquals(200, get(atDefault("/hello.txt").header("If-Modified-Since", "yesterday")).status,
                "an invalid date is ignored");
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() throws Exception {
        Response r = get(atDefault("/hello.txt").header("If-None-Match", "\"stale\"")
                .header("If-Modified-Since", MODIFIED_HTTP));
        assertEquals(200, r.status);
    }

    @Test
    void ifMatchFailingIs412() throws Exception {
        String etag = get("/hello.txt").header("ETag");
        assertEquals(412, get(atDefault("/hello.txt").header("If-Match", "\"other\"")).status);
        assertEquals(412, get(atDefault("/hello.txt").header("If-Match", "W/" + etag)).status,
                "If-Match uses the strong comparison");
        assertEquals(200, get(atDefault("/hello.txt").header("If-Match", etag)).status);
        assertEquals(200, get(atDefault("/hello.txt").header("If-Match", "*")).status);
    }

    @Test
    void ifUnmodifiedSinceBeforeTheFileIs412() throws Exception {
        assertEquals(412, get(atDefault("/hello.txt").header("If-Unmodified-Since", "Tue, 05 Mar 2024 10:15:29 GMT"))
                .status);
        assertEquals(200, get(atDefault("/hello.txt").header("If-Unmodified-Since", MODIFIED_HTTP)).status);
    }

    // ---- ranges ----

    private Response range(String range) throws Exception {
        return get(atDefault("/big.bin").header("Range", range));
    }

    private void assertPartial(Response r, long first, long last) {
        assertEquals(206, r.status);
        assertEquals("bytes " + first + "-" + last + "/" + bigFile.length, r.header("Content-Range"));
        assertEquals(String.valueOf(last - first + 1), r.header("Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(bigFile, (int) first, (int) last + 1), r.body.toByteArray());
    }

    @Test
    void closedRangeIs206WithThoseBytes() throws Exception {
        assertPartial(range("bytes=100-199"), 100, 199);
        assertPartial(range("bytes=0-0"), 0, 0);
        assertPartial(range("BYTES=5-9"), 5, 9);
    }

    @Test
    void openRangeRunsToTheEnd() throws Exception {
        assertPartial(range("bytes=299990-"), 299_990, bigFile.length - 1);
    }

    @Test
    void suffixRangeIsTheLastBytes() throws Exception {
        assertPartial(range("bytes=-10"), bigFile.length - 10, bigFile.length - 1);
        assertPartial(range("bytes=-999999"), 0, bigFile.length - 1);
    }

    @Test
    void lastPositionPastTheEndIsClipped() throws Exception {
        assertPartial(range("bytes=299000-400000"), 299_000, bigFile.length - 1);
    }

    @Test
    void unsatisfiableRangeIs416WithTheLength() throws Exception {
        for (String spec : new String[] {"bytes=300000-", "bytes=400000-500000", "bytes=-0"}) {
            Response r = range(spec);
            assertEquals(416, r.status, spec);
            assertEquals("bytes */" + bigFile.length, r.header("Content-Range"), spec);
            assertEquals(0, r.body.size());
        }
        Response empty = get(atDefault("/empty.txt").header("Range", "bytes=0-"));
        assertEquals(416, empty.status);
        assertEquals("bytes */0", empty.header("Content-Range"));
    }

    @Test
    void malformedOrForeignRangesAreIgnored() throws Exception {
        for (String spec : new String[] {"bytes=abc", "bytes=10-5", "bytes=-", "items=0-5", "bytes 0-5", "bytes=5",
                "bytes=1-2-3", "bytes=+1-2", "bytes = 0-5"}) {
            Response r = range(spec);
            assertEquals(200, r.status, spec);
            assertEquals(bigFile.length, r.body.size(), spec);
        }
    }

    @Test
    void multipleRangesAreAnsweredWithTheWholeFile() throws Exception {
        Response r = range("bytes=0-9,20-29");
        assertEquals(200, r.status);
        assertNull(r.header("Content-Range"));
        assertArrayEquals(bigFile, r.body.toByteArray());
    }

    @Test
    void ifRangeWithTheCurrentValidatorKeepsTheRange() throws Exception {
        String etag = get("/big.bin").header("ETag");
        assertPartial(get(atDefault("/big.bin").header("Range", "bytes=0-9").header("If-Range", etag)), 0, 9);
        assertPartial(get(atDefault("/big.bin").header("Range", "bytes=0-9").header("If-Range", MODIFIED_HTTP)), 0, 9);
    }

    @Test
    void ifRangeWithAStaleValidatorSendsEverything() throws Exception {
        String etag = get("/big.bin").header("ETag");
        for (String stale : new String[] {"\"stale\"", "W/" + etag, "Tue, 05 Mar 2024 10:15:29 GMT", "junk"}) {
            Response r = get(atDefault("/big.bin").header("Range", "bytes=0-9").header("If-Range", stale));
            assertEquals(200, r.status, stale);
            assertEquals(bigFile.length, r.body.size(), stale);
        }
    }

    @Test
    void headIgnoresRange() throws Exception {
        Response r = get(atDefault("/big.bin").method("HEAD").header("Range", "bytes=0-9"));
        assertEquals(200, r.status);
        assertEquals(String.valueOf(bigFile.length), r.header("Content-Length"));
    }

    // ---- directories ----

    @Test
    void directoryServesItsWelcomeFile() throws Exception {
        Response r = get("/docs/");
        assertEquals(200, r.status);
        assertEquals("<p>docs</p>", r.text());
        assertEquals("text/html;charset=UTF-8", r.header("Content-Type"));
        assertEquals("<h1>home</h1>", get("/").text());
        Response bare = get("");
        assertEquals(302, bare.status, "the context root without its slash");
        assertEquals("/", bare.header("Location"));
    }

    @Test
    void directoryWithoutSlashIsRedirected() throws Exception {
        Response r = get("/docs");
        assertEquals(302, r.status);
        assertEquals("/docs/", r.header("Location"));
        Request withQuery = atDefault("/docs");
        withQuery.contextPath = "/app";
        withQuery.requestUri = "/app/docs";
        withQuery.query = "lang=en";
        assertEquals("/app/docs/?lang=en", get(withQuery).header("Location"));
    }

    @Test
    void redirectNeverBecomesANetworkPathReference() throws Exception {
        Request r = atDefault("/evil.example");
        r.requestUri = "//evil.example";
        Response response = get(r);
        assertEquals(302, response.status);
        assertEquals("/evil.example/", response.header("Location"));
    }

    @Test
    void directoryRedirectIsBuiltFromTheCanonicalPathNotTheRawUri() throws Exception {
        Request r = atDefault("/docs");
        r.requestUri = "//evil.example/../docs";
        Response response = get(r);
        assertEquals(302, response.status);
        assertEquals("/docs/", response.header("Location"), "never //evil.example/...: another host");
        write("a b/100%/x.txt", "x");
        Request encoded = atDefault("/a b/100%");
        encoded.requestUri = "/a%20b/100%25";
        assertEquals("/a%20b/100%25/", get(encoded).header("Location"));
    }

    @Test
    void directoryWithoutWelcomeFileIsListedWithEscapedNames() throws Exception {
        Response r = get("/files/");
        assertEquals(200, r.status);
        assertEquals("text/html;charset=UTF-8", r.header("Content-Type"));
        String html = r.text();
        assertEquals(String.valueOf(html.getBytes(UTF_8).length), r.header("Content-Length"));
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.txt"), html);
        assertTrue(html.contains("href=\"./%3Cimg%20src%3Dx%20onerror%3D%22alert%281%29%22%3E.txt\""), html);
        assertTrue(html.contains("href=\"./a%20b%26c.txt\">a b&amp;c.txt</a>"), html);
        assertTrue(html.indexOf("sub/") < html.indexOf("a b&amp;c.txt"), "directories first");
        assertTrue(html.contains("href=\"../\""));
        assertEquals(0, get(atDefault("/files/").method("HEAD")).body.size());
    }

    @Test
    void listingsCanBeTurnedOff() throws Exception {
        DefaultServlet quiet = DefaultServletFakes.servlet(DefaultServletFakes.plainContext(),
                Map.of("root", root.toString(), "listings", "false"));
        assertEquals(404, run(quiet, atDefault("/files/")).status);
        assertEquals(200, run(quiet, atDefault("/docs/")).status, "welcome files still work");
    }

    @Test
    void welcomeFilesAreConfigurable() throws Exception {
        DefaultServlet custom = DefaultServletFakes.servlet(DefaultServletFakes.plainContext(),
                Map.of("root", root.toString(), "welcomeFiles", "guide.md, index.html"));
        assertEquals("# Guide", run(custom, atDefault("/docs/")).text());
    }

    // ---- mounting ----

    @Test
    void mountedUnderAPrefixServesThePathInfo() throws Exception {
        Response r = get(atPrefix("/static", "/style.css"));
        assertEquals(200, r.status);
        assertEquals("body{}", r.text());
        assertEquals("<p>docs</p>", get(atPrefix("/static", "/docs/")).text());
        Response bare = get(atPrefix("/static", null));
        assertEquals(302, bare.status);
        assertEquals("/static/", bare.header("Location"));
    }

    @Test
    void withoutMappingInformationThePathsDecide() throws Exception {
        Request prefix = atPrefix("/static", "/hello.txt");
        prefix.match = null;
        assertEquals("Hello, world!\n", get(prefix).text());
        Request whole = atDefault("/hello.txt");
        whole.match = null;
        assertEquals("Hello, world!\n", get(whole).text());
    }

    @Test
    void includedFileContributesOnlyItsBytes() throws Exception {
        Request r = atDefault("/page.jsp");
        r.attributes.put(RequestDispatcher.INCLUDE_REQUEST_URI, "/hello.txt");
        r.attributes.put(RequestDispatcher.INCLUDE_SERVLET_PATH, "/hello.txt");
        r.header("Range", "bytes=0-1");
        Response response = get(r);
        assertEquals("Hello, world!\n", response.text());
        assertNull(response.header("Content-Length"));
        assertNull(response.header("Content-Type"));
    }

    // ---- confinement to the root ----

    @ParameterizedTest
    @ValueSource(strings = {
            "/../secret.txt", "/docs/../../secret.txt", "/..", "/../", "/./hello.txt", "/docs/./index.html",
            "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "/..%2f..%2fsecret.txt",
            "/%252e%252e/secret.txt", "/%5c..%5csecret.txt", "/..\\secret.txt", "/\\..\\secret.txt", "/docs\\index.html",
            "/hello.txt\u0000.png", "/hello.txt%00.png", "/\u0000", "/docs/\n", "//../secret.txt",
            "/" + "../../../../../../../../etc/passwd", "/....//secret.txt", "/%c0%ae%c0%ae/secret.txt",
            "/..;/secret.txt", "/../outside/secret.txt",
    })
    void traversalAttemptsNeverReachOutsideTheRoot(String path) throws Exception {
        Response r = get(path);
        assertEquals(404, r.status, path);
        assertFalse(r.text().contains(SECRET), path);
        Response prefixed = get(atPrefix("/static", path));
        assertEquals(404, prefixed.status, path);
        assertFalse(prefixed.text().contains(SECRET), path);
    }

    @Test
    void absolutePathInjectionStaysUnderTheRoot() throws Exception {
        Response r = get("//" + temp.resolve("secret.txt").toString().substring(1));
        assertEquals(404, r.status);
        assertFalse(r.text().contains(SECRET));
    }

    @Test
    void symlinkPointingOutsideTheRootIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("leak.txt"), temp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("leakdir"), temp.resolve("outside"));
        for (String path : new String[] {"/leak.txt", "/leakdir/secret.txt", "/leakdir/", "/leakdir"}) {
            Response r = get(path);
            assertEquals(404, r.status, path);
            assertFalse(r.text().contains(SECRET), path);
        }
    }

    @Test
    void welcomeFileSymlinkPointingOutsideTheRootIsRefused() throws Exception {
        Files.createDirectories(root.resolve("trap"));
        Files.createSymbolicLink(root.resolve("trap/index.html"), temp.resolve("secret.txt"));
        Response r = get("/trap/");
        assertFalse(r.text().contains(SECRET));
    }

    @Test
    void symlinkInsideTheRootIsFollowed() throws Exception {
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("hello.txt"));
        assertEquals("Hello, world!\n", get("/alias.txt").text());
    }

    @Test
    void specialFilesAreNotServed() throws Exception {
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe.txt").toString()).start();
        } catch (IOException noMkfifo) {
            Assumptions.abort("mkfifo is not available here");
            return;
        }
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        assertEquals(404, get("/pipe.txt").status, "reading a FIFO would block the request forever");
    }

    @Test
    void rootMustBeADirectory() {
        assertThrows(ServletException.class, () -> DefaultServletFakes.servlet(DefaultServletFakes.plainContext(),
                Map.of("root", temp.resolve("secret.txt").toString())));
        assertThrows(ServletException.class, () -> DefaultServletFakes.servlet(DefaultServletFakes.plainContext(),
                Map.of("root", temp.resolve("missing").toString())));
    }

    // ---- serving the web application's own resources ----

    private DefaultServlet contextServlet(Path base) throws ServletException {
        return DefaultServletFakes.servlet(DefaultServletFakes.context(path -> {
            Path p = base.resolve(path.substring(1));
            return Files.exists(p) ? url(p) : null;
        }, path -> {
            Path dir = base.resolve(path.substring(1));
            if (!Files.isDirectory(dir)) {
                return null;
            }
            try (Stream<Path> list = Files.list(dir)) {
                Set<String> names = new TreeSet<>();
                list.forEach(p -> names.add(path + p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
                return names;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, Map.of()), Map.of());
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutRootServesTheContextResources() throws Exception {
        write("WEB-INF/web.xml", "<web-app/>");
        write("META-INF/MANIFEST.MF", "Manifest-Version: 1.0");
        DefaultServlet fromContext = contextServlet(root);
        assertEquals("Hello, world!\n", run(fromContext, atDefault("/hello.txt")).text());
        assertEquals("<p>docs</p>", run(fromContext, atDefault("/docs/")).text());
        assertEquals(404, run(fromContext, atDefault("/WEB-INF/web.xml")).status);
        assertEquals(404, run(fromContext, atDefault("/web-inf/web.xml")).status);
        assertEquals(404, run(fromContext, atDefault("/META-INF/MANIFEST.MF")).status);
        Files.delete(root.resolve("index.html"));
        String listing = run(fromContext, atDefault("/")).text();
        assertTrue(listing.contains("hello.txt"), listing);
        assertFalse(listing.contains("WEB-INF"), listing);
        assertFalse(listing.contains("META-INF"), listing);
    }

    @Test
    void withoutRootSymlinksOutOfTheResourceRootAreRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("leak.txt"), temp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("leakdir"), temp.resolve("outside"));
        DefaultServlet fromContext = contextServlet(root);
        for (String path : new String[] {"/leak.txt", "/leakdir/secret.txt", "/../secret.txt"}) {
            Response r = run(fromContext, atDefault(path));
            assertEquals(404, r.status, path);
            assertFalse(r.text().contains(SECRET), path);
        }
    }

    @Test
    void resourcesInsideAJarAreServedThroughTheirUrl() throws Exception {
        Path jar = temp.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            JarEntry entry = new JarEntry("META-INF/resources/app.js");
            entry.setTime(MODIFIED.toEpochMilli());
            out.putNextEntry(entry);
            out.write("console.log('hi');".getBytes(UTF_8));
            out.closeEntry();
        }
        DefaultServlet fromJar = DefaultServletFakes.servlet(DefaultServletFakes.context(path -> {
            if (!path.equals("/app.js")) {
                return null;
            }
            try {
                return new URL("jar:" + jar.toUri() + "!/META-INF/resources/app.js");
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }, path -> null, Map.of()), Map.of());
        Response r = run(fromJar, atDefault("/app.js"));
        assertEquals(200, r.status);
        assertEquals("console.log('hi');", r.text());
        assertEquals("18", r.header("Content-Length"));
        assertEquals("text/javascript;charset=UTF-8", r.header("Content-Type"));
        assertEquals(404, run(fromJar, atDefault("/other.js")).status);
        Files.delete(jar);   // nothing keeps the jar open (this would fail on Windows if it did)
    }
}
