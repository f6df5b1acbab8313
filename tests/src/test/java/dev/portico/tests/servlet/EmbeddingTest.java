package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.Portico;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedding API: start, stop, failures at start, and deploy/undeploy while running. */
class EmbeddingTest extends ServletTestSupport {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private GenericServlet named(String name, String answer) {
        return new GenericServlet() {
            @Override
            public void init() {
                events.add("init " + name);
            }

            @Override
            public void service(ServletRequest req, ServletResponse res) throws IOException {
                res.getWriter().print(answer);
            }

            @Override
            public void destroy() {
                events.add("destroy " + name);
            }
        };
    }

    private ServletContextListener contextListener(String name) {
        return new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent e) {
                events.add("initialized " + name);
            }

            @Override
            public void contextDestroyed(ServletContextEvent e) {
                events.add("destroyed " + name);
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void assertPortFree(int port) throws IOException {
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(port, s.getLocalPort());
        }
    }

    /** A body far slower than the builder's minimum rate is answered 408, long before the idle timeout. */
    @Test
    void theBuilderSetsTheMinimumBodyRate() throws Exception {
        WebAppSpec spec = new WebAppSpec("/");
        spec.servlet("upload", new GenericServlet() {
            @Override
            public void service(ServletRequest req, ServletResponse res) throws IOException {
                req.getInputStream().readAllBytes();
            }
        }).mapping("/*");
        Portico p = Portico.builder().port(0).minBodyRate(1000, Duration.ofMillis(300)).context(spec).build()
                .start();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", p.port())) {
            socket.setSoTimeout(4_000);  // under the default 5 s grace: only the builder's 300 ms can cut it
            socket.getOutputStream().write(
                    "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 200000\r\n\r\nxxxxxxxxxx".getBytes());
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            // the servlet's read fails with the engine's 408, which the gateway answers, then closes
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("\r\nConnection: close\r\n"), answer);
        } finally {
            p.stop();
        }
    }

    @Test
    void startFailsWithTheServletsMessageAndLeavesNothingRunning() throws Exception {
        int port = freePort();
        WebAppSpec good = new WebAppSpec("/good");
        good.listener(contextListener("good"));
        good.servlet("fine", named("fine", "fine")).loadOnStartup(1).mapping("/*");
        WebAppSpec bad = new WebAppSpec("/bad");
        bad.listener(contextListener("bad"));
        bad.servlet("broken", new GenericServlet() {
            @Override
            public void init() throws ServletException {
                throw new ServletException("database unreachable");
            }

            @Override
            public void service(ServletRequest req, ServletResponse res) {
            }
        }).loadOnStartup(1).mapping("/*");
        Portico p = Portico.builder().port(port).context(good).context(bad).build();
        Exception e = assertThrows(Exception.class, p::start);
        assertTrue(e.getMessage().contains("database unreachable"), e.getMessage());
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
        assertPortFree(port);
        assertEquals(List.of("initialized good", "init fine", "initialized bad", "destroyed bad", "destroy fine",
                "destroyed good"), events);
    }

    @Test
    void startFailsWhenAListenerThrows() throws Exception {
        int port = freePort();
        WebAppSpec spec = new WebAppSpec("");
        spec.listener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent e) {
                throw new IllegalStateException("config file missing");
            }
        });
        spec.servlet("s", named("s", "s")).mapping("/*");
        Portico p = Portico.builder().port(port).context(spec).build();
        Exception e = assertThrows(Exception.class, p::start);
        assertTrue(e.getMessage().contains("config file missing"), e.getMessage());
        assertPortFree(port);
    }

    @Test
    void startFailsWhenThePortIsTakenAndStopsTheApps() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            WebAppSpec spec = new WebAppSpec("");
            spec.listener(contextListener("app"));
            Portico p = Portico.builder().port(taken.getLocalPort()).context(spec).build();
            assertThrows(BindException.class, p::start);
            assertEquals(List.of("initialized app", "destroyed app"), events);
        }
    }

    @Test
    void stopDestroysEverythingOnceAndAwaitStopReturns() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.listener(contextListener("app"));
        spec.servlet("s", named("s", "s")).mapping("/*");
        start(spec);
        assertEquals("s", get("/").text());
        Portico p = portico;
        CompletableFuture<Void> awaited = CompletableFuture.runAsync(() -> {
            try {
                p.awaitStop();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, clients);
        p.stop();
        p.stop();
        awaited.get(5, TimeUnit.SECONDS);
        portico = null;
        assertEquals(List.of("initialized app", "init s", "destroy s", "destroyed app"), events);
    }

    @Test
    void deploysAndUndeploysContextsWhileRunning() throws Exception {
        WebAppSpec root = new WebAppSpec("");
        root.servlet("root", named("root", "root")).mapping("/*");
        start(root);
        assertEquals("root", get("/extra/x").text());

        WebAppSpec extra = new WebAppSpec("/extra");
        extra.servlet("extra", named("extra", "extra")).mapping("/*");
        portico.deploy(extra);
        assertEquals("extra", get("/extra/x").text());
        assertEquals(List.of("", "/extra"), portico.contextPaths().stream().sorted().toList());

        portico.undeploy("/extra");
        assertEquals("root", get("/extra/x").text());
        assertTrue(events.contains("destroy extra"), events.toString());
    }

    @Test
    void redeployReplacesAtomicallyAndLetsInFlightRequestsFinishOnTheOldContext() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebAppSpec v1 = new WebAppSpec("/app");
        v1.servlet("v1", new GenericServlet() {
            @Override
            public void service(ServletRequest req, ServletResponse res) throws IOException {
                if (req.getParameter("slow") != null) {
                    entered.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                res.getWriter().print("v1");
            }

            @Override
            public void destroy() {
                events.add("destroy v1");
            }
        }).mapping("/*");
        start(v1);
        CompletableFuture<RawHttp.Response> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/app/?slow");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, clients);
        assertTrue(entered.await(5, TimeUnit.SECONDS));

        WebAppSpec v2 = new WebAppSpec("/app");
        v2.servlet("v2", named("v2", "v2")).mapping("/*");
        CompletableFuture<Void> deployed = CompletableFuture.runAsync(() -> {
            try {
                portico.deploy(v2);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, clients);
        await("v2 to serve new requests", Duration.ofSeconds(5), () -> {
            try {
                return get("/app/").text().equals("v2");
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue(!events.contains("destroy v1"), "the old context still has a request in flight");
        release.countDown();
        assertEquals("v1", slow.get(5, TimeUnit.SECONDS).text());
        deployed.get(5, TimeUnit.SECONDS);
        assertTrue(events.contains("destroy v1"), events.toString());
    }

    @Test
    void failedRedeployKeepsTheRunningContext() throws Exception {
        WebAppSpec v1 = new WebAppSpec("/app");
        v1.servlet("v1", named("v1", "v1")).mapping("/*");
        start(v1);
        WebAppSpec broken = new WebAppSpec("/app");
        broken.listener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent e) {
                throw new IllegalStateException("bad build");
            }
        });
        Exception e = assertThrows(Exception.class, () -> portico.deploy(broken));
        assertTrue(e.getMessage().contains("bad build"), e.getMessage());
        assertEquals("v1", get("/app/").text());
    }

    @Test
    void gracefulStopTimesOutParkedAsyncRequestsSoTheirListenersCanAnswer() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("poll", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                                 jakarta.servlet.http.HttpServletResponse resp) {
                jakarta.servlet.AsyncContext async = req.startAsync();
                async.setTimeout(600_000);  // far beyond the grace period: only the stop can end it
                async.addListener(new jakarta.servlet.AsyncListener() {
                    @Override
                    public void onTimeout(jakarta.servlet.AsyncEvent event) throws IOException {
                        event.getSuppliedResponse().getWriter().print("server stopping");
                        event.getAsyncContext().complete();
                    }

                    @Override
                    public void onComplete(jakarta.servlet.AsyncEvent event) {
                    }

                    @Override
                    public void onError(jakarta.servlet.AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(jakarta.servlet.AsyncEvent event) {
                    }
                });
                parked.countDown();
            }
        }).asyncSupported(true).mapping("/*");
        start(spec);
        CompletableFuture<RawHttp.Response> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/poll");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, clients);
        assertTrue(parked.await(10, TimeUnit.SECONDS));
        portico.stop();
        assertEquals("server stopping", poll.get(10, TimeUnit.SECONDS).text());
    }
}
