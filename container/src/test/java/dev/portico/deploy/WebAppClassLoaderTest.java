package dev.portico.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.slf4j.LoggerFactory;

class WebAppClassLoaderTest {
    private static final String SLF4J_SERVICES = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

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
            assertEquals(1, all.size(), "the container's copy is not the app's business: " + all);
            assertTrue(all.get(0).toString().contains("v2.jar"), all.toString());
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

    /** §10.7.2: the container's implementation classes, libraries and resources are hidden from the app. */
    @Test
    void theContainersOwnClassesAndResourcesAreHidden() throws Exception {
        try (WebAppClassLoader app = loader(getClass().getClassLoader(), v1)) {
            for (String name : List.of(WebAppClassLoaderTest.class.getName(), Deployer.class.getName(),
                    "org.slf4j.simple.SimpleServiceProvider", "org.junit.jupiter.api.Test")) {
                assertThrows(ClassNotFoundException.class, () -> app.loadClass(name), name);
            }
            assertNotNull(getClass().getClassLoader().getResource(SLF4J_SERVICES), "the container has one");
            assertNull(app.getResource(SLF4J_SERVICES));
            assertFalse(app.getResources(SLF4J_SERVICES).hasMoreElements());
            assertNull(app.getResource("dev/portico/deploy/Deployer.class"));
        }
    }

    /** As in Jetty: an app that brings no SLF4J logs through the container's; one that does never sees it. */
    @Test
    void theSlf4jApiIsSharedOnlyWithAnAppThatHasNone() throws Exception {
        try (WebAppClassLoader app = loader(getClass().getClassLoader(), v1)) {
            assertSame(LoggerFactory.class, app.loadClass("org.slf4j.LoggerFactory"));
            assertThrows(ClassNotFoundException.class, () -> app.loadClass("org.slf4j.simple.SimpleLogger"));
            assertNull(app.getResource(SLF4J_SERVICES));
        }
        Path ownSlf4j = Fixtures.zip(dir.resolve("own-slf4j.jar"), Map.of("", Fixtures.compile(dir.resolve("slf4j"),
                Map.of("org/slf4j/LoggerFactory.java", "package org.slf4j; public class LoggerFactory {}"))));
        try (WebAppClassLoader app = loader(getClass().getClassLoader(), ownSlf4j)) {
            assertSame(app, app.loadClass("org.slf4j.LoggerFactory").getClassLoader());
            assertThrows(ClassNotFoundException.class, () -> app.loadClass("org.slf4j.Logger"),
                    "no class of the container's SLF4J mixes with the app's");
        }
    }
}
