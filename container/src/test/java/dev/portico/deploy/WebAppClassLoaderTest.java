package dev.portico.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebAppClassLoaderTest {
    @TempDir
    static Path dir;
    static Path v1;
    static Path v2;

    @BeforeAll
    static void build() throws IOException {
        String source = "package shared; public class Version { public String toString() { return \"%s\"; } }";
        v1 = Fixtures.zip(dir.resolve("v1.jar"), Map.of("", Fixtures.compile(dir.resolve("c1"),
                Map.of("shared/Version.java", source.formatted("v1"))), "shared/version.txt", "v1"));
        v2 = Fixtures.zip(dir.resolve("v2.jar"), Map.of("", Fixtures.compile(dir.resolve("c2"),
                Map.of("shared/Version.java", source.formatted("v2"))), "shared/version.txt", "v2"));
    }

    private static WebAppClassLoader loader(ClassLoader parent, Path... jars) throws IOException {
        List<URL> urls = new java.util.ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        return new WebAppClassLoader("test", urls, parent);
    }

    @Test
    void appClassesWinOverTheContainers() throws Exception {
        try (URLClassLoader container = new URLClassLoader(new URL[] {v1.toUri().toURL()}, getClass().getClassLoader());
             WebAppClassLoader app = loader(container, v2)) {
            Object version = app.loadClass("shared.Version").getConstructor().newInstance();
            assertEquals("v2", version.toString());
            assertSame(app, version.getClass().getClassLoader());
            try (var in = app.getResourceAsStream("shared/version.txt")) {
                assertEquals("v2", new String(in.readAllBytes()));
            }
            List<URL> all = Collections.list(app.getResources("shared/version.txt"));
            assertEquals(2, all.size());
            assertTrue(all.get(0).toString().contains("v2.jar"), "the app's resource comes first");
        }
    }

    @Test
    void servletApiAlwaysComesFromTheContainer() throws Exception {
        // An app bundling its own (here: a fake) copy of the servlet API.
        Path fakeClasses = Fixtures.compile(dir.resolve("fake"),
                Map.of("jakarta/servlet/Servlet.java", "package jakarta.servlet; public interface Servlet {}"));
        Path fakeApi = Fixtures.zip(dir.resolve("fake-api.jar"),
                Map.of("", fakeClasses, "jakarta/servlet/LocalStrings.properties", "fake=true"));
        try (WebAppClassLoader app = loader(getClass().getClassLoader(), fakeApi)) {
            assertSame(Servlet.class, app.loadClass("jakarta.servlet.Servlet"));
            URL strings = app.getResource("jakarta/servlet/LocalStrings.properties");
            assertFalse(strings.toString().contains("fake-api.jar"), strings.toString());
            List<URL> all = Collections.list(app.getResources("jakarta/servlet/LocalStrings.properties"));
            assertFalse(all.get(0).toString().contains("fake-api.jar"), "the container's copy comes first");
        }
    }

    @Test
    void platformPackagesAreContainerOwned() {
        assertTrue(WebAppClassLoader.isContainerOwned("java.lang.String"));
        assertTrue(WebAppClassLoader.isContainerOwned("javax.xml.parsers.DocumentBuilder"));
        assertTrue(WebAppClassLoader.isContainerOwned("org.w3c.dom.Document"));
        assertTrue(WebAppClassLoader.isContainerOwned("jakarta.servlet.http.HttpServlet"));
        // Not the JDK's: an app may bring its own.
        assertFalse(WebAppClassLoader.isContainerOwned("javax.inject.Inject"));
        assertFalse(WebAppClassLoader.isContainerOwned("org.slf4j.Logger"));
        assertFalse(WebAppClassLoader.isContainerOwned("jakarta.ws.rs.Path"));
        assertFalse(WebAppClassLoader.isContainerOwned("jakarta.servletx.Thing"));
    }

    @Test
    void missingClassesFallBackToTheContainer() throws Exception {
        try (WebAppClassLoader app = loader(getClass().getClassLoader(), v1)) {
            assertSame(WebAppClassLoaderTest.class, app.loadClass(WebAppClassLoaderTest.class.getName()));
        }
    }
}
