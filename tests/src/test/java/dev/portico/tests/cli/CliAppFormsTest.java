package dev.portico.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each APP form served by the real launcher, on a free port, checked over HTTP. */
class CliAppFormsTest {
    private PorticoProcess portico;

    @AfterEach
    void kill() throws InterruptedException {
        if (portico != null) {
            portico.kill();
        }
    }

    private URI start(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--port";
        all[1] = "0";
        System.arraycopy(args, 0, all, 2, args.length);
        portico = PorticoProcess.start(all);
        return portico.awaitStarted();
    }

    @Test
    void servletClassIsServedAtEveryPathWithInitAndContextParams() throws Exception {
        URI base = start(FixtureApps.get().formsJar + ":fx.Hello", "--init", "greeting=hi",
                "--context-param", "env=test");
        assertEquals("hello greeting=hi env=test context=", Http.body(base, "/"));
        assertEquals("hello greeting=hi env=test context=", Http.body(base, "/any/path"));
        String line = portico.out().get(0);
        assertTrue(line.matches("Portico \\S+ on http://127\\.0\\.0\\.1:\\d+ — / → forms\\.jar:fx\\.Hello "
                + "\\(Java \\d+, (virtual threads|\\d+ platform threads)\\)"), line);
    }

    /** §10.13: a war's default-context-path is where it goes when the APP names no context; /context= wins. */
    @Test
    void warWithoutContextGoesToItsDefaultContextPath() throws Exception {
        portico = PorticoProcess.start("--port", "0", FixtureApps.get().storeWar.toString());
        URI store = portico.awaitStarted("/store");
        assertEquals("<h1>store</h1>", Http.body(store, "/index.html"));
        assertEquals(404, Http.get(URI.create("http://" + store.getAuthority()), "/index.html").statusCode());
    }

    @Test
    void explicitContextWinsOverTheDefaultContextPath() throws Exception {
        portico = PorticoProcess.start("--port", "0", "/shop=" + FixtureApps.get().storeWar);
        URI shop = portico.awaitStarted("/shop");
        assertEquals("<h1>store</h1>", Http.body(shop, "/index.html"));
        assertEquals(404, Http.get(URI.create("http://" + shop.getAuthority()), "/store/index.html").statusCode());
    }

    @Test
    void sampleHelloJar() throws Exception {
        URI base = start(System.getProperty("portico.samples") + "/hello/target/hello.jar:example.hello.HelloServlet");
        assertEquals("Hello from Portico!", Http.body(base, "/").trim());
    }

    @Test
    void initializerClassRegistersItsServlets() throws Exception {
        URI base = start(FixtureApps.get().formsJar + ":fx.Init");
        assertEquals("from initializer", Http.body(base, "/x"));
    }

    @Test
    void listenerClassRegistersItsServlets() throws Exception {
        URI base = start(FixtureApps.get().formsJar + ":fx.Listener");
        assertEquals("from listener", Http.body(base, "/y"));
    }

    @Test
    void annotatedJarIsDiscovered() throws Exception {
        URI base = start(FixtureApps.get().annotatedJar.toString());
        assertEquals("annotated, filtered", Http.body(base, "/annotated"));
        assertEquals(404, Http.get(base, "/elsewhere").statusCode());
    }

    @Test
    void directoryOfClassesIsDiscovered() throws Exception {
        URI base = start(FixtureApps.get().classesDir.toString());
        assertEquals("from a directory", Http.body(base, "/dir"));
    }

    /** A class path is not a document root: only META-INF/resources is served, as from a jar (§4.6). */
    @Test
    void directoryOfClassesServesOnlyItsMetaInfResources() throws Exception {
        URI base = start(FixtureApps.get().classesDir.toString());
        for (String path : List.of("/dir/FromDirectory.class", "/dir/app.properties", "/dir/",
                "/META-INF/resources/index.html")) {
            HttpResponse<String> response = Http.get(base, path);
            assertEquals(404, response.statusCode(), path + " → " + response.headers().map());
        }
        assertEquals("classes dir index", Http.body(base, "/index.html"));
        assertEquals("classes dir index", Http.body(base, "/"));
    }

    @Test
    void warWithWebXmlServesItsServletsAndFiles() throws Exception {
        URI base = start(FixtureApps.get().shopWarV1.toString());
        assertEquals("shop env=from-web-xml lib=v1 greeting=welcome", Http.body(base, "/shop/cart"));
        assertTrue(portico.out().get(0).contains("→ shop-v1.war (web.xml, 1 servlet)"), portico.transcript());
    }

    @Test
    void initializersAreDiscoveredWithTheirHandledTypes() throws Exception {
        URI base = start(FixtureApps.get().sciJar.toString());
        assertEquals("page /a", Http.body(base, "/a"));
        assertEquals("page /b", Http.body(base, "/b"));
    }

    @Test
    void twoAppsOnTwoContextsEachSeeTheirOwnLibraryVersion() throws Exception {
        FixtureApps apps = FixtureApps.get();
        portico = PorticoProcess.start("--port", "0", "/one=" + apps.shopWarV1, "/two=" + apps.shopWarV2);
        URI one = portico.awaitStarted("/one");
        URI two = portico.awaitStarted("/two");
        assertEquals("shop env=from-web-xml lib=v1 greeting=welcome", Http.body(one, "/shop/"));
        assertEquals("shop env=from-web-xml lib=v2 greeting=welcome", Http.body(two, "/shop/"));
        assertEquals(404, Http.get(URI.create(one.toString().replace("/one", "")), "/shop/").statusCode());
    }

    @Test
    void appBundlingTheServletApiStillWorks() throws Exception {
        URI base = start(FixtureApps.get().shopWarWithApi.toString());
        assertEquals("shop env=from-web-xml lib=v1 greeting=welcome", Http.body(base, "/shop/"));
    }
}
