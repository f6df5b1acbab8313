package dev.portico.tests.servlet;

import dev.portico.Portico;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;

/** Runs the real container in-process on a free port and stops it after each test. */
abstract class ServletTestSupport {
    protected Portico portico;
    /** Threads for clients that must wait in parallel (the common pool may have only one thread on 2 cores). */
    protected final java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newCachedThreadPool();

    protected Portico start(WebAppSpec... specs) throws Exception {
        return start(ServerOptions.defaults(), specs);
    }

    /** Same as {@link #start(WebAppSpec...)} with these options (on a free port). */
    protected Portico start(ServerOptions options, WebAppSpec... specs) throws Exception {
        Portico.Builder builder = Portico.builder().options(options).port(0);
        for (WebAppSpec spec : specs) {
            builder.context(spec);
        }
        portico = builder.build().start();
        return portico;
    }

    @AfterEach
    void stopPortico() {
        clients.shutdownNow();
        if (portico != null) {
            portico.stop();
            portico = null;
        }
    }

    protected int port() {
        return portico.port();
    }

    protected RawHttp.Response get(String target, String... headers) throws IOException {
        return RawHttp.get(port(), target, headers);
    }

    protected RawHttp.Response post(String target, String form) throws IOException {
        return RawHttp.post(port(), target, form);
    }

    /** Polls until the condition holds, failing after the deadline; never asserts on elapsed time. */
    static void await(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A servlet from a lambda, for the many one-line probes. */
    @FunctionalInterface
    interface Body {
        void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException;
    }

    static HttpServlet servlet(Body body) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp)
                    throws IOException, ServletException {
                body.service(req, resp);
            }
        };
    }
}
