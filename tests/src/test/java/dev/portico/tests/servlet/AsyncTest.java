package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.Portico;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Async processing (Servlet 6.1 §2.3.3.3): complete, dispatch, timeouts, errors, listeners, no parked thread. */
class AsyncTest extends ServletTestSupport {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Object> seen = new ConcurrentHashMap<>();
    private final BlockingQueue<AsyncContext> parked = new LinkedBlockingQueue<>();

    private AsyncListener recorder(String name) {
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent e) {
                events.add(name + " complete");
            }

            @Override
            public void onTimeout(AsyncEvent e) {
                events.add(name + " timeout");
            }

            @Override
            public void onError(AsyncEvent e) {
                events.add(name + " error " + e.getThrowable().getMessage());
            }

            @Override
            public void onStartAsync(AsyncEvent e) {
                events.add(name + " startAsync");
            }
        };
    }

    private WebAppSpec app() {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.servlet("later", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ac.addListener(recorder("later"));
            seen.put("startedOnThread", Thread.currentThread().getName());
            seen.put("isAsyncStarted", req.isAsyncStarted());
            ac.start(() -> {
                try {
                    ac.getResponse().getWriter().print("written later by " + (Thread.currentThread().getName()
                            .equals(seen.get("startedOnThread")) ? "the same thread" : "another thread"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                ac.complete();
            });
        })).asyncSupported(true).mapping("/later");
        spec.servlet("completeAtOnce", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            resp.getWriter().print("done in the dispatch");
            ac.complete();
            seen.put("afterComplete", req.isAsyncStarted());
        })).asyncSupported(true).mapping("/completeAtOnce");
        spec.servlet("redispatch", servlet((req, resp) -> {
            if (req.getDispatcherType() == DispatcherType.ASYNC) {
                resp.getWriter().print("type=" + req.getDispatcherType() + "\nuri=" + req.getRequestURI()
                        + "\nasyncUri=" + req.getAttribute(AsyncContext.ASYNC_REQUEST_URI) + "\nasyncQuery="
                        + req.getAttribute(AsyncContext.ASYNC_QUERY_STRING) + "\nasyncStarted="
                        + req.isAsyncStarted() + "\n");
                return;
            }
            AsyncContext ac = req.startAsync();
            ac.addListener(recorder("redispatch"));
            String how = req.getParameter("how");
            if ("now".equals(how)) {
                ac.dispatch();     // pending until this dispatch returns
                seen.put("pendingStarted", req.isAsyncStarted());
            } else {
                ac.start(ac::dispatch);
            }
        })).asyncSupported(true).mapping("/redispatch/*");
        spec.servlet("forwarder", servlet((req, resp) -> {
            resp.getWriter().print("discarded by the forward");
            req.getRequestDispatcher("/forwarded?step=1").forward(req, resp);
        })).asyncSupported(true).mapping("/forwarder");
        spec.servlet("forwarded", servlet((req, resp) -> {
            resp.getWriter().print(req.getDispatcherType() + ";");
            if (req.getDispatcherType() == DispatcherType.FORWARD) {
                req.startAsync(req, resp).dispatch();      // back to /forwarded, the forward's URI
            }
        })).asyncSupported(true).mapping("/forwarded");
        spec.servlet("toPath", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ac.start(() -> ac.dispatch("/target/x?via=async"));
        })).asyncSupported(true).mapping("/toPath");
        spec.servlet("toContext", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ac.start(() -> ac.dispatch(req.getServletContext(), "/target/ctx"));
        })).asyncSupported(true).mapping("/toContext");
        spec.servlet("target", servlet((req, resp) -> resp.getWriter().print("target type=" + req.getDispatcherType()
                + " pathInfo=" + req.getPathInfo() + " via=" + req.getParameter("via") + " asyncServletPath="
                + req.getAttribute(AsyncContext.ASYNC_SERVLET_PATH)))).mapping("/target/*");
        spec.servlet("timeout", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ac.setTimeout(Long.parseLong(req.getParameter("ms")));
            ac.addListener(recorder("t"));
            if (req.getParameter("handle") != null) {
                ac.addListener(new AsyncListener() {
                    @Override
                    public void onTimeout(AsyncEvent e) throws IOException {
                        e.getAsyncContext().getResponse().getWriter().print("handled the timeout");
                        e.getAsyncContext().complete();
                    }

                    @Override
                    public void onComplete(AsyncEvent e) {
                    }

                    @Override
                    public void onError(AsyncEvent e) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent e) {
                    }
                });
            }
        })).asyncSupported(true).mapping("/timeout");
        spec.servlet("throws", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ac.addListener(recorder("x"));
            throw new IllegalStateException("broken after startAsync");
        })).asyncSupported(true).mapping("/throws");
        spec.servlet("taskThrows", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ac.addListener(recorder("task"));
            ac.start(() -> {
                throw new IllegalStateException("task failed");
            });
        })).asyncSupported(true).mapping("/taskThrows");
        spec.servlet("restart", servlet((req, resp) -> {
            if (req.getDispatcherType() == DispatcherType.ASYNC) {
                AsyncContext again = req.startAsync();
                again.start(() -> {
                    try {
                        again.getResponse().getWriter().print("second cycle");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    again.complete();
                });
                return;
            }
            AsyncContext ac = req.startAsync();
            ac.addListener(recorder("first"));
            ac.dispatch();
        })).asyncSupported(true).mapping("/restart");
        spec.servlet("longPoll", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ac.setTimeout(0);
            parked.add(ac);
        })).asyncSupported(true).mapping("/poll");
        spec.servlet("notify", servlet((req, resp) -> {
            List<AsyncContext> waiting = new ArrayList<>();
            parked.drainTo(waiting);
            for (AsyncContext ac : waiting) {
                ac.getResponse().getWriter().print("news: " + req.getParameter("msg"));
                ac.complete();
            }
            resp.getWriter().print("notified " + waiting.size());
        })).mapping("/notify");
        spec.servlet("plain", servlet((req, resp) -> resp.getWriter().print("plain"))).mapping("/plain");
        spec.servlet("notAsync", servlet((req, resp) -> {
            resp.getWriter().print("supported=" + req.isAsyncSupported() + " ");
            try {
                req.startAsync();
                resp.getWriter().print("started");
            } catch (IllegalStateException e) {
                resp.getWriter().print("IllegalStateException");
            }
        })).asyncSupported(false).mapping("/notAsync");
        spec.servlet("filtered", servlet((req, resp) -> {
            resp.getWriter().print("supported=" + req.isAsyncSupported() + " ");
            try {
                req.startAsync().complete();
                resp.getWriter().print("started");
            } catch (IllegalStateException e) {
                resp.getWriter().print("IllegalStateException");
            }
        })).asyncSupported(true).mapping("/filtered");
        spec.filter("syncFilter", (req, resp, chain) -> chain.doFilter(req, resp)).asyncSupported(false)
                .urlPattern("/filtered");
        spec.servlet("rules", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            List<String> r = new CopyOnWriteArrayList<>();
            try {
                req.startAsync();
                r.add("second startAsync accepted");
            } catch (IllegalStateException e) {
                r.add("second startAsync ISE");
            }
            // onTimeout comes after the dispatch returned: the moment these rules are about
            ac.setTimeout(50);
            ac.addListener(new AsyncListener() {
                @Override
                public void onTimeout(AsyncEvent e) {
                    try {
                        ac.setTimeout(5);
                        r.add("late setTimeout accepted");
                    } catch (IllegalStateException ex) {
                        r.add("late setTimeout ISE");
                    }
                    ac.complete();
                    try {
                        ac.getRequest();
                        r.add("getRequest after complete accepted");
                    } catch (IllegalStateException ex) {
                        r.add("getRequest after complete ISE");
                    }
                    try {
                        ac.dispatch();
                        r.add("dispatch after complete accepted");
                    } catch (IllegalStateException ex) {
                        r.add("dispatch after complete ISE");
                    }
                    seen.put("rules", r);
                }

                @Override
                public void onComplete(AsyncEvent e) {
                }

                @Override
                public void onError(AsyncEvent e) {
                }

                @Override
                public void onStartAsync(AsyncEvent e) {
                }
            });
        })).asyncSupported(true).mapping("/rules");
        return spec;
    }

    @Test
    void completesFromAnotherThread() throws Exception {
        start(app());
        RawHttp.Response r = get("/app/later");
        assertEquals(200, r.status);
        assertEquals("written later by another thread", r.text());
        assertEquals(true, seen.get("isAsyncStarted"));
        await("onComplete", Duration.ofSeconds(5), () -> events.contains("later complete"));
    }

    @Test
    void completeDuringTheDispatchTakesEffectWhenItReturns() throws Exception {
        start(app());
        RawHttp.Response r = get("/app/completeAtOnce");
        assertEquals("done in the dispatch", r.text());
        assertEquals("20", r.header("Content-Length"), "completed before anything was committed");
        assertEquals(true, seen.get("afterComplete"), "still in async mode until the dispatch returns");
    }

    @Test
    void dispatchWithoutPathGoesBackToTheOriginalUri() throws Exception {
        start(app());
        for (String how : List.of("now", "later")) {
            Map<String, String> m = get("/app/redispatch/a%20b?how=" + how).lines();
            assertEquals("ASYNC", m.get("type"), how);
            assertEquals("/app/redispatch/a%20b", m.get("uri"));
            assertEquals("/app/redispatch/a%20b", m.get("asyncUri"));
            assertEquals("how=" + how, m.get("asyncQuery"));
            assertEquals("false", m.get("asyncStarted"));
        }
        await("onComplete of both", Duration.ofSeconds(5),
                () -> events.stream().filter("redispatch complete"::equals).count() == 2);
    }

    /** As in Tomcat and Jetty; Spring MVC decides on it whether to render a view after a DeferredResult. */
    @Test
    void theRequestStaysAsyncStartedUntilAPendingDispatchRuns() throws Exception {
        start(app());
        assertEquals("ASYNC", get("/app/redispatch/x?how=now").lines().get("type"));
        assertEquals(true, seen.get("pendingStarted"), "dispatch() called, the dispatch not yet run");
    }

    /** §9.4: a forward ends the response when it returns, unless its target went async — even with a pending dispatch. */
    @Test
    void forwardWhoseTargetStartsAsyncAndDispatchesKeepsTheResponseOpen() throws Exception {
        start(app());
        assertEquals("FORWARD;ASYNC;", get("/app/forwarder").text());
    }

    @Test
    void dispatchToAPathAndToAContext() throws Exception {
        start(app());
        assertEquals("target type=ASYNC pathInfo=/x via=async asyncServletPath=/toPath", get("/app/toPath").text());
        assertEquals("target type=ASYNC pathInfo=/ctx via=null asyncServletPath=/toContext",
                get("/app/toContext").text());
    }

    @Test
    void timeoutWithoutAHandlerIsAn500ErrorDispatch() throws Exception {
        start(app());
        RawHttp.Response r = get("/app/timeout?ms=200");
        assertEquals(500, r.status);
        assertTrue(r.text().contains("500"));
        await("timeout then complete", Duration.ofSeconds(5),
                () -> events.equals(List.of("t timeout", "t complete")));
    }

    @Test
    void aListenerMayAnswerTheTimeout() throws Exception {
        start(app());
        RawHttp.Response r = get("/app/timeout?ms=100&handle");
        assertEquals(200, r.status);
        assertEquals("handled the timeout", r.text());
    }

    @Test
    void defaultTimeoutIsThirtySeconds() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("s", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            resp.getWriter().print(ac.getTimeout());
            ac.complete();
        })).asyncSupported(true).mapping("/*");
        start(spec);
        assertEquals("30000", get("/").text());
    }

    @Test
    void exceptionAfterStartAsyncNotifiesOnErrorAndAnswers500() throws Exception {
        start(app());
        assertEquals(500, get("/app/throws").status);
        await("error then complete", Duration.ofSeconds(5),
                () -> events.equals(List.of("x error broken after startAsync", "x complete")));
    }

    @Test
    void failingAsyncTaskNotifiesOnErrorAndAnswers500() throws Exception {
        start(app());
        assertEquals(500, get("/app/taskThrows").status);
        await("error then complete", Duration.ofSeconds(5),
                () -> events.equals(List.of("task error task failed", "task complete")));
    }

    @Test
    void restartingAsyncTellsThePreviousListenersOnStartAsync() throws Exception {
        start(app());
        assertEquals("second cycle", get("/app/restart").text());
        assertTrue(events.contains("first startAsync"), events.toString());
    }

    @Test
    void startAsyncOnANonAsyncChainIsRefused() throws Exception {
        start(app());
        assertEquals("supported=false IllegalStateException", get("/app/notAsync").text());
        assertEquals("supported=false IllegalStateException", get("/app/filtered").text(),
                "a filter without async support makes the chain synchronous");
        assertEquals(200, get("/app/plain").status);
    }

    /** WebAppSpec.servlet(...) and .filter(...) are async-capable unless they say asyncSupported(false). */
    @Test
    void servletsAndFiltersDeclaredThroughTheEmbeddingApiAreAsyncCapableByDefault() throws Exception {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.servlet("undeclared", servlet((req, resp) -> {
            AsyncContext ac = req.startAsync();
            ac.start(() -> {
                try {
                    ac.getResponse().getWriter().print("supported=" + req.isAsyncSupported() + " answered later");
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                ac.complete();
            });
        })).mapping("/undeclared");
        spec.filter("pass", (req, resp, chain) -> chain.doFilter(req, resp)).urlPattern("/*");
        start(spec);
        assertEquals("supported=true answered later", get("/app/undeclared").text());
    }

    @Test
    void lifecycleRulesAreEnforced() throws Exception {
        start(app());
        get("/app/rules");
        await("the async task", Duration.ofSeconds(5), () -> seen.containsKey("rules"));
        assertEquals(List.of("second startAsync ISE", "late setTimeout ISE", "getRequest after complete ISE",
                "dispatch after complete ISE"), seen.get("rules"));
    }

    /** A parked long-poll holds no thread: even one worker thread keeps serving other requests. */
    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {0, 1, 4})
    void longPollIsParkedWhileOtherRequestsProceed(int threads) throws Exception {
        portico = Portico.builder().options(ServerOptions.defaults().withPort(0).withThreads(threads))
                .context(app()).build().start();
        List<CompletableFuture<RawHttp.Response>> polls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            polls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return get("/app/poll");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, clients));
        }
        await("three parked polls", Duration.ofSeconds(5), () -> parked.size() == 3);
        for (int i = 0; i < 5; i++) {
            assertEquals("plain", get("/app/plain").text());
        }
        for (CompletableFuture<RawHttp.Response> poll : polls) {
            assertTrue(!poll.isDone(), "a poll is still waiting");
        }
        assertEquals("notified 3", get("/app/notify?msg=hello").text());
        for (CompletableFuture<RawHttp.Response> poll : polls) {
            assertEquals("news: hello", poll.get(5, TimeUnit.SECONDS).text());
        }
    }

    @Test
    void keepAliveConnectionContinuesAfterAnAsyncResponse() throws Exception {
        start(app());
        try (Socket socket = RawHttp.connect(port())) {
            RawHttp.write(socket.getOutputStream(), "GET", "/app/later", null, false);
            assertEquals("written later by another thread", RawHttp.read(socket.getInputStream(), false).text());
            RawHttp.write(socket.getOutputStream(), "GET", "/app/plain", null, true);
            assertEquals("plain", RawHttp.read(socket.getInputStream(), false).text());
        }
    }
}
