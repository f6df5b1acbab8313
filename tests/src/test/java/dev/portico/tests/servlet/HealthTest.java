package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.Portico;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code Portico.builder().health(PATH)} / {@code --health}: the report, its methods, and the drain on a stop. */
class HealthTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private Portico portico;

    @AfterEach
    void stop() {
        release.countDown();
        if (portico != null) {
            portico.stop();
        }
    }

    private Portico start(Duration drain) throws Exception {
        WebAppSpec shop = new WebAppSpec("/shop");
        shop.servlet("wait", ServletTestSupport.servlet((req, resp) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.getWriter().print("waited");
        })).mapping("/wait");
        shop.servlet("any", ServletTestSupport.servlet((req, resp) -> resp.getWriter().print("shop " + req.getPathInfo())))
                .mapping("/*");
        WebAppSpec root = new WebAppSpec("");
        root.servlet("root", ServletTestSupport.servlet((req, resp) -> resp.getWriter().print("root"))).mapping("/*");
        portico = Portico.builder().options(ServerOptions.defaults().withPort(0)).health("/healthz").drain(drain)
                .context(shop).context(root).build().start();
        return portico;
    }

    @Test
    void reportsAppsConnectionsAndRequestsInFlight() throws Exception {
        start(Duration.ZERO);
        CompletableFuture<RawHttp.Response> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.get(portico.port(), "/shop/wait");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        RawHttp.Response health = RawHttp.get(portico.port(), "/healthz?verbose=1");
        assertEquals(200, health.status);
        assertEquals("application/json", health.header("Content-Type"));
        assertEquals("no-store", health.header("Cache-Control"));
        String json = health.text();
        assertTrue(json.startsWith("{\"status\":\"serving\",\"uptime_seconds\":"), json);
        assertTrue(json.contains("\"connections\":2,\"in_flight\":1,"), "the waiting request, not the report: " + json);
        assertTrue(json.endsWith("\"apps\":{\"/shop\":\"started\",\"/\":\"started\"}}"), json);
        release.countDown();
        assertEquals("waited", waiting.get(10, TimeUnit.SECONDS).text());
    }

    @Test
    void headHasTheHeadersAndOtherMethodsAre405() throws Exception {
        start(Duration.ZERO);
        RawHttp.Response head = RawHttp.request(portico.port(), "HEAD", "/healthz", null);
        assertEquals(200, head.status);
        assertEquals("application/json", head.header("Content-Type"));
        assertEquals("", head.text());
        RawHttp.Response post = RawHttp.post(portico.port(), "/healthz", "a=1");
        assertEquals(405, post.status);
        assertEquals("GET, HEAD", post.header("Allow"));
    }

    @Test
    void onlyTheExactPathIsTheReport() throws Exception {
        start(Duration.ZERO);
        assertEquals("root", RawHttp.get(portico.port(), "/healthz/").text());
        assertEquals("root", RawHttp.get(portico.port(), "/healthz2").text());
        assertEquals(200, RawHttp.get(portico.port(), "/x/../healthz").status, "the canonical path is compared");
    }

    @Test
    void duringTheDrainTheReportIs503AndEverythingElseIsServed() throws Exception {
        start(Duration.ofSeconds(3));
        Thread stopping = new Thread(portico::stop);
        stopping.start();
        RawHttp.Response health = RawHttp.get(portico.port(), "/healthz");
        for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                health.status != 503 && System.nanoTime() < end; Thread.sleep(10)) {
            health = RawHttp.get(portico.port(), "/healthz");
        }
        assertEquals(503, health.status);
        assertTrue(health.text().startsWith("{\"status\":\"stopping\""), health.text());
        assertEquals("shop /x", RawHttp.get(portico.port(), "/shop/x").text(), "still served while draining");
        stopping.join(20_000);
        portico = null;
    }

    @Test
    void aHealthPathMustBeCanonical() {
        assertThrows(IllegalArgumentException.class, () -> Portico.builder().health("healthz"));
        assertThrows(IllegalArgumentException.class, () -> Portico.builder().health("/a/../healthz"));
        assertThrows(IllegalArgumentException.class, () -> Portico.builder().drain(Duration.ofSeconds(-1)));
    }
}
