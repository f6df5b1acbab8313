package dev.portico.tests.statics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.Portico;
import dev.portico.servlet.DefaultServlet;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DefaultServlet} on the wire: mounted at "/" of the root context and at "/static/*" of "/app", files served
 * from a directory that has a secret file beside it (and a symbolic link pointing at it) that must never come back.
 */
class StaticFilesTest {
    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";

    @TempDir
    static Path temp;
    static Path root;
    static byte[] big;
    static Portico portico;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(temp.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), "Hello, world!\n");
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<p>docs</p>");
        big = new byte[1 << 20];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("%41.txt"), "literal percent");
        Files.writeString(root.resolve("A.txt"), "decoded twice");
        Files.writeString(temp.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(root.resolve("leak.txt"), temp.resolve("secret.txt"));
        Files.writeString(root.resolve(".env"), "DB_PASSWORD=" + SECRET);
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "[remote] " + SECRET);
        Files.createDirectories(root.resolve("listed/.cache"));
        Files.writeString(root.resolve("listed/shown.txt"), "shown");
        Files.writeString(root.resolve("listed/.htpasswd"), "admin:" + SECRET);
        Files.createSymbolicLink(root.resolve("listed/git"), root.resolve(".git"));
        Files.createDirectories(root.resolve(".well-known"));
        Files.writeString(root.resolve(".well-known/security.txt"), "Contact: mailto:security@example.org");

        WebAppSpec site = new WebAppSpec("/");
        site.servlet("default", new DefaultServlet()).initParam("root", root.toString()).mapping("/");
        WebAppSpec app = new WebAppSpec("/app");
        app.servlet("static", new DefaultServlet()).initParam("root", root.toString()).mapping("/static/*");
        WebAppSpec dots = new WebAppSpec("/dots");
        dots.servlet("static", new DefaultServlet()).initParam("root", root.toString()).initParam("dotfiles", "true")
                .mapping("/");
        portico = Portico.builder().port(0).context(site).context(app).context(dots).build().start();
    }

    @AfterAll
    static void stop() {
        if (portico != null) {
            portico.stop();
        }
    }

    private static Socket connect() throws IOException {
        return RawHttp.connect("127.0.0.1", portico.port(), 10_000);
    }

    private static RawHttp.Response exchange(String request) throws IOException {
        return RawHttp.exchange(portico.port(), request);
    }

    private static RawHttp.Response get(String target, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return exchange(request.append("Connection: close\r\n\r\n").toString());
    }

    @Test
    void servesAFileWithItsLengthTypeAndValidators() throws IOException {
        RawHttp.Response r = get("/hello.txt");
        assertEquals(200, r.status);
        assertEquals("Hello, world!\n", r.text());
        assertEquals("14", r.header("Content-Length"));
        assertEquals("text/plain;charset=UTF-8", r.header("Content-Type").replace(" ", ""));
        assertNotNull(r.header("ETag"));
        assertNotNull(r.header("Last-Modified"));
        assertEquals("bytes", r.header("Accept-Ranges"));
    }

    @Test
    void largeFileArrivesWhole() throws IOException {
        RawHttp.Response r = get("/big.bin");
        assertEquals(200, r.status);
        assertEquals(String.valueOf(big.length), r.header("Content-Length"));
        assertArrayEquals(big, r.body);
    }

    @Test
    void headSendsTheHeadersOnly() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("HEAD /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Response head = RawHttp.read(socket.getInputStream(), true);
            assertEquals(200, head.status);
            assertEquals(String.valueOf(big.length), head.header("Content-Length"));
            RawHttp.Response next = RawHttp.read(socket.getInputStream());
            assertEquals("Hello, world!\n", next.text(), "no body bytes were sent after the HEAD response");
        }
    }

    @Test
    void notModifiedKeepsTheConnectionUsable() throws IOException {
        String etag = get("/hello.txt").header("ETag");
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: " + etag
                    + "\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Response notModified = RawHttp.read(socket.getInputStream());
            assertEquals(304, notModified.status);
            assertEquals(etag, notModified.header("ETag"));
            RawHttp.Response next = RawHttp.read(socket.getInputStream());
            assertEquals(200, next.status);
            assertEquals("Hello, world!\n", next.text());
        }
    }

    @Test
    void byteRangeIs206AndUnsatisfiableIs416() throws IOException {
        RawHttp.Response partial = get("/big.bin", "Range: bytes=1000-1999");
        assertEquals(206, partial.status);
        assertEquals("bytes 1000-1999/" + big.length, partial.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(big, 1000, 2000), partial.body);
        RawHttp.Response tail = get("/big.bin", "Range: bytes=-16");
        assertArrayEquals(Arrays.copyOfRange(big, big.length - 16, big.length), tail.body);
        RawHttp.Response unsatisfiable = get("/big.bin", "Range: bytes=" + big.length + "-");
        assertEquals(416, unsatisfiable.status);
        assertEquals("bytes */" + big.length, unsatisfiable.header("Content-Range"));
    }

    @Test
    void directoryWithoutSlashIsRedirectedAndWithSlashServesItsWelcomeFile() throws IOException {
        RawHttp.Response redirect = get("/docs?x=1");
        assertEquals(302, redirect.status);
        assertTrue(redirect.header("Location").endsWith("/docs/?x=1"), redirect.header("Location"));
        assertEquals("<p>docs</p>", get("/docs/").text());
        assertEquals("<h1>home</h1>", get("/").text());
    }

    @Test
    void directoryRedirectIsBuiltFromTheCanonicalPath() throws IOException {
        RawHttp.Response redirect = get("//evil.example/../docs?x=1");
        assertEquals(302, redirect.status);
        assertEquals("/docs/?x=1", redirect.header("Location"), "never //evil.example/... (another host)");
        assertEquals("/app/static/docs/", get("/app/static/./x/../docs").header("Location"));
        assertEquals(400, get("/\\evil.example/../docs").status, "a backslash, which browsers read as /, is refused");
    }

    @Test
    void mountedUnderAPathMappingServesThePathInfo() throws IOException {
        assertEquals("Hello, world!\n", get("/app/static/hello.txt").text());
        assertEquals("<p>docs</p>", get("/app/static/docs/").text());
        assertEquals(404, get("/app/static/missing.txt").status);
    }

    @Test
    void otherMethodsAre405WithAllow() throws IOException {
        RawHttp.Response r = exchange("DELETE /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(405, r.status);
        assertTrue(r.header("Allow").contains("GET"), r.header("Allow"));
        assertTrue(Files.exists(root.resolve("hello.txt")));
    }

    /** .git, .env and the like are nobody's idea of a public file: 404 in any segment, also through a link. */
    @Test
    void namesStartingWithADotAreNotServedByDefault() throws IOException {
        for (String target : new String[] {"/.env", "/.git/config", "/.git/", "/listed/.htpasswd", "/listed/.cache/",
                "/listed/git/config", "/app/static/.env", "/%2eenv", "/listed/%2Ehtpasswd"}) {
            RawHttp.Response r = get(target);
            assertEquals(404, r.status, target + " answered " + r.statusLine);
            assertFalse(r.text().contains(SECRET), target);
        }
        assertEquals("Contact: mailto:security@example.org", get("/.well-known/security.txt").text(),
                "RFC 8615: /.well-known/ is there to be fetched");
    }

    @Test
    void directoryListingsLeaveOutNamesStartingWithADot() throws IOException {
        String listing = get("/listed/").text();
        assertTrue(listing.contains("shown.txt"), listing);
        assertFalse(listing.contains("htpasswd"), listing);
        assertFalse(listing.contains(".cache"), listing);
        assertFalse(listing.contains("\"./git/\""), listing + " (a link to .git is .git)");
    }

    @Test
    void theDotfilesInitParameterServesAndListsThem() throws IOException {
        assertEquals("DB_PASSWORD=" + SECRET, get("/dots/.env").text());
        assertEquals("[remote] " + SECRET, get("/dots/listed/git/config").text());
        String listing = get("/dots/listed/").text();
        assertTrue(listing.contains(".htpasswd") && listing.contains(".cache/"), listing);
    }

    @Test
    void thePathIsDecodedExactlyOnce() throws IOException {
        assertEquals("Hello, world!\n", get("/%68ello.txt").text());
        assertEquals("literal percent", get("/%2541.txt").text(), "%25 decodes to a literal %, not to a second pass");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/../secret.txt", "/../../../../../../../../etc/passwd", "/docs/../../secret.txt",
            "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e%2e%2fsecret.txt",
            "/..%2fsecret.txt", "/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/docs/..%2f..%2fsecret.txt",
            "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/%25%32%65%25%32%65/secret.txt",
            "/..%5csecret.txt", "/%5c..%5csecret.txt", "/..\\secret.txt", "/\\..\\secret.txt",
            "/..%255csecret.txt", "/%c0%ae%c0%ae/secret.txt", "/%e0%80%ae%e0%80%ae/secret.txt",
            "/..;/secret.txt", "/.;/../secret.txt", "/secret.txt%00.html", "/%00/../secret.txt",
            "//../secret.txt", "/./../secret.txt", "/leak.txt",
            "/app/static/../../secret.txt", "/app/static/%2e%2e/secret.txt", "/app/static/..%2fsecret.txt",
            "/app/static/%2e%2e%2f%2e%2e%2fsecret.txt", "/app/static/leak.txt",
            "http://localhost/../secret.txt", "http://localhost/%2e%2e/secret.txt",
    })
    void traversalNeverReturnsAFileOutsideTheRoot(String target) throws IOException {
        RawHttp.Response r = get(target);
        assertTrue(r.status == 400 || r.status == 404, target + " answered " + r.statusLine);
        assertFalse(r.text().contains(SECRET), target);
        assertFalse(r.text().contains("root:x:0:0"), target);
    }
}
