package dev.portico.tests.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.Portico;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app without its own default servlet but with resource roots — a jar's {@code META-INF/resources} and a
 * directory — gets {@code DefaultServlet} reading through {@code ServletContext.getResource}.
 */
class ResourceRootsTest {
    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";

    @TempDir
    static Path temp;
    static FileSystem jar;
    static Portico portico;

    @BeforeAll
    static void start() throws Exception {
        Path jarFile = temp.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jarFile); JarOutputStream out = new JarOutputStream(file)) {
            for (String[] entry : new String[][] {
                    {"META-INF/resources/app.js", "console.log('from the jar');"},
                    {"META-INF/resources/lib/index.html", "<p>lib</p>"}}) {
                out.putNextEntry(new JarEntry(entry[0]));
                out.write(entry[1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        jar = FileSystems.newFileSystem(jarFile);
        Path dir = Files.createDirectories(temp.resolve("webapp"));
        Files.writeString(dir.resolve("hello.txt"), "Hello from the directory\n");
        Files.createDirectories(dir.resolve("WEB-INF"));
        Files.writeString(dir.resolve("WEB-INF/web.xml"), "<web-app>" + SECRET + "</web-app>");
        Files.writeString(temp.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(dir.resolve("leak.txt"), temp.resolve("secret.txt"));
        Files.createSymbolicLink(dir.resolve("public"), Path.of("WEB-INF"));       // ln -s WEB-INF public
        Files.createDirectories(dir.resolve("assets"));
        Files.createSymbolicLink(dir.resolve("assets/conf"), Path.of("../WEB-INF"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/config"), "[remote] " + SECRET);

        WebAppSpec app = new WebAppSpec("/shop").resourceRoot(jar.getPath("/META-INF/resources")).resourceRoot(dir);
        app.servlet("probe", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                ServletContext context = req.getServletContext();
                resp.getWriter().print("url=" + context.getResource("/leak.txt")
                        + " stream=" + context.getResourceAsStream("/leak.txt")
                        + " listed=" + context.getResourcePaths("/").contains("/leak.txt")
                        + " real=" + context.getRealPath("/leak.txt"));
            }
        }).mapping("/probe");
        portico = Portico.builder().port(0).context(app).build().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (portico != null) {
            portico.stop();
        }
        if (jar != null) {
            jar.close();
        }
    }

    private static RawHttp.Response get(String target) throws IOException {
        return RawHttp.exchange(portico.port(),
                "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    @Test
    void servesFilesFromEachRootInOrder() throws IOException {
        RawHttp.Response js = get("/shop/app.js");
        assertEquals(200, js.status);
        assertEquals("console.log('from the jar');", js.text());
        assertEquals(String.valueOf(js.body.length), js.header("Content-Length"));
        assertTrue(js.header("Content-Type").startsWith("text/javascript"), js.header("Content-Type"));
        assertEquals("Hello from the directory\n", get("/shop/hello.txt").text());
    }

    @Test
    void directoryInsideTheJarServesItsWelcomeFile() throws IOException {
        assertEquals("<p>lib</p>", get("/shop/lib/").text());
        RawHttp.Response redirect = get("/shop/lib");
        assertEquals(302, redirect.status);
        assertTrue(redirect.header("Location").endsWith("/shop/lib/"), redirect.header("Location"));
    }

    @Test
    void webInfAndEscapingLinksAreNotServed() throws IOException {
        for (String target : new String[] {"/shop/WEB-INF/web.xml", "/shop/web-inf/web.xml", "/shop/leak.txt",
                "/shop/%2e%2e/secret.txt", "/shop/..%5csecret.txt", "/shop/WEB-INF%2fweb.xml"}) {
            RawHttp.Response r = get(target);
            assertTrue(r.status == 400 || r.status == 404, target + " answered " + r.statusLine);
            assertFalse(r.text().contains(SECRET), target);
        }
    }

    /** §10.5 holds for the real path: a link inside the root that points at WEB-INF does not publish it. */
    @Test
    void aLinkToWebInfIsAsProtectedAsWebInf() throws IOException {
        for (String target : new String[] {"/shop/public/web.xml", "/shop/public/", "/shop/assets/conf/web.xml",
                "/shop/assets/conf/"}) {
            RawHttp.Response r = get(target);
            assertEquals(404, r.status, target + " answered " + r.statusLine);
            assertFalse(r.text().contains(SECRET), target);
        }
        String listing = get("/shop/").text();
        assertFalse(listing.contains("public") || listing.contains("WEB-INF") || listing.contains("leak.txt"),
                listing);
    }

    @Test
    void namesStartingWithADotInAWarRootAreNotServed() throws IOException {
        for (String target : new String[] {"/shop/.git/config", "/shop/.git/"}) {
            RawHttp.Response r = get(target);
            assertEquals(404, r.status, target + " answered " + r.statusLine);
            assertFalse(r.text().contains(SECRET), target);
        }
        assertFalse(get("/shop/").text().contains(".git"));
    }

    /** A link whose real path leaves the root is not one of the app's resources, for the app either. */
    @Test
    void aLinkOutOfTheRootIsNoResource() throws IOException {
        assertEquals("url=null stream=null listed=false real=null", get("/shop/probe").text());
    }
}
