package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error handling (Servlet 6.1 §10.9): error pages by status and exception, their attributes, the container's page. */
class ErrorPageTest extends ServletTestSupport {

    static class AppException extends RuntimeException {
        AppException(String message) {
            super(message);
        }
    }

    static class SpecialAppException extends AppException {
        SpecialAppException(String message) {
            super(message);
        }
    }

    private WebAppSpec app() {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.servlet("thrower", servlet((req, resp) -> {
            resp.setHeader("X-From-App", "1");
            resp.getWriter().print("partial output");
            switch (req.getParameter("kind")) {
                case "app" -> throw new AppException("app broke");
                case "special" -> throw new SpecialAppException("special broke");
                case "wrapped" -> throw new ServletException("wrapper", new IllegalArgumentException("inner"));
                case "io" -> throw new IOException("disk on fire");
                case "status" -> resp.sendError(410, "gone away");
                case "unmapped" -> resp.sendError(402);
                default -> throw new IllegalStateException("unexpected");
            }
        })).mapping("/throw/*");
        spec.servlet("errorPage", servlet((req, resp) -> {
            resp.setContentType("text/plain;charset=UTF-8");
            StringBuilder sb = new StringBuilder("page=").append(req.getParameter("page")).append('\n');
            sb.append("type=").append(req.getDispatcherType()).append('\n');
            sb.append("status=").append(resp.getStatus()).append('\n');
            sb.append("fromAppHeader=").append(resp.getHeader("X-From-App")).append('\n');
            for (String name : new String[] {RequestDispatcher.ERROR_STATUS_CODE, RequestDispatcher.ERROR_MESSAGE,
                RequestDispatcher.ERROR_REQUEST_URI, RequestDispatcher.ERROR_SERVLET_NAME,
                RequestDispatcher.ERROR_QUERY_STRING, RequestDispatcher.ERROR_METHOD}) {
                sb.append(name.substring("jakarta.servlet.error.".length())).append('=')
                        .append(req.getAttribute(name)).append('\n');
            }
            Object type = req.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE);
            Throwable ex = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            sb.append("exception_type=").append(type == null ? null : ((Class<?>) type).getSimpleName()).append('\n');
            sb.append("exception=").append(ex == null ? null : ex.getMessage()).append('\n');
            sb.append("uri=").append(req.getRequestURI()).append('\n');
            resp.getWriter().print(sb);
        })).mapping("/errors/*");
        spec.errorPage(AppException.class.getName(), "/errors/app?page=app");
        spec.errorPage(IllegalArgumentException.class.getName(), "/errors/iae?page=iae");
        spec.errorPage(410, "/errors/410?page=410");
        spec.errorPage(500, "/errors/500?page=500");
        return spec;
    }

    @Test
    void exceptionGoesToTheClosestMatchingExceptionPageWithAttributes() throws Exception {
        start(app());
        RawHttp.Response r = RawHttp.request(port(), "DELETE", "/app/throw/x?kind=special", null);
        assertEquals(500, r.status);
        Map<String, String> m = r.lines();
        assertEquals("app", m.get("page"), "SpecialAppException matches its superclass's page");
        assertEquals("ERROR", m.get("type"));
        assertEquals("500", m.get("status_code"));
        assertEquals("special broke", m.get("message"));
        assertEquals("SpecialAppException", m.get("exception_type"));
        assertEquals("special broke", m.get("exception"));
        assertEquals("/app/throw/x", m.get("request_uri"));
        assertEquals("thrower", m.get("servlet_name"));
        assertEquals("kind=special", m.get("query_string"));
        assertEquals("DELETE", m.get("method"));
        assertEquals("/app/errors/app", m.get("uri"));
        assertEquals("null", m.get("fromAppHeader"), "an exception resets the whole response");
        assertFalse(r.text().contains("partial output"));
    }

    @Test
    void servletExceptionIsUnwrappedToItsRootCauseForMatching() throws Exception {
        start(app());
        Map<String, String> m = get("/app/throw/x?kind=wrapped").lines();
        assertEquals("iae", m.get("page"));
        assertEquals("IllegalArgumentException", m.get("exception_type"));
    }

    @Test
    void unmatchedExceptionUsesThe500StatusPage() throws Exception {
        start(app());
        Map<String, String> m = get("/app/throw/x?kind=io").lines();
        assertEquals("500", m.get("page"));
        assertEquals("IOException", m.get("exception_type"));
        assertEquals("disk on fire", m.get("message"));
    }

    @Test
    void sendErrorGoesToTheStatusPageKeepingHeaders() throws Exception {
        start(app());
        RawHttp.Response r = get("/app/throw/x?kind=status");
        assertEquals(410, r.status);
        Map<String, String> m = r.lines();
        assertEquals("410", m.get("page"));
        assertEquals("410", m.get("status_code"));
        assertEquals("410", m.get("status"));
        assertEquals("gone away", m.get("message"));
        assertEquals("null", m.get("exception_type"));
        assertEquals("1", m.get("fromAppHeader"));
        assertEquals("1", r.header("X-From-App"));
    }

    @Test
    void withoutAPageTheContainerSendsItsOwnHtml() throws Exception {
        start(app());
        RawHttp.Response r = get("/app/throw/x?kind=unmapped");
        assertEquals(402, r.status);
        assertTrue(r.header("Content-Type").startsWith("text/html"));
        assertTrue(r.text().contains("402"));

        WebAppSpec bare = new WebAppSpec("/bare");
        bare.servlet("boom", servlet((req, resp) -> {
            throw new IllegalStateException("secret detail");
        })).mapping("/*");
        portico.stop();
        start(bare);
        RawHttp.Response boom = get("/bare/x");
        assertEquals(500, boom.status);
        assertTrue(boom.text().contains("500"));
        assertFalse(boom.text().contains("secret detail"), "exception details are not shown to clients");
    }

    @Test
    void defaultErrorPageCatchesWhatNothingElseMatches() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("s", servlet((req, resp) -> resp.sendError(Integer.parseInt(req.getParameter("s")))))
                .mapping("/s");
        spec.servlet("page", servlet((req, resp) -> resp.getWriter().print("default page for "
                + req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)))).mapping("/page");
        spec.defaultErrorPage("/page");
        start(spec);
        RawHttp.Response r = get("/s?s=403");
        assertEquals(403, r.status);
        assertEquals("default page for 403", r.text());
        assertEquals("default page for 404", get("/nope").text());
    }

    /**
     * RFC 9110 §13.2.1 and §14.2: preconditions and ranges are about the 2xx a request would get; a static error page
     * keeps its error status and comes whole, whatever Range or If-* the failed request carried.
     */
    @Test
    void staticErrorPageIgnoresRangesAndPreconditions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("404.html"), "<h1>not here</h1>");
        WebAppSpec spec = new WebAppSpec("").resourceRoot(dir);
        spec.errorPage(404, "/404.html");
        start(spec);
        String[][] conditions = {
                {"Range: bytes=0-3"},
                {"If-None-Match: *"},
                {"If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT"},
                {"If-Match: \"no-such-tag\""},
                {"If-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT"},
                {"Range: bytes=1000-", "If-Range: *"}};
        for (String[] headers : conditions) {
            RawHttp.Response r = get("/missing.html", headers);
            assertEquals(404, r.status, String.join(", ", headers));
            assertEquals("<h1>not here</h1>", r.text(), String.join(", ", headers));
            assertEquals(null, r.header("Content-Range"), String.join(", ", headers));
        }
    }

    @Test
    void failingErrorPageFallsBackToTheContainerPage() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("s", servlet((req, resp) -> resp.sendError(404))).mapping("/s");
        spec.servlet("page", servlet((req, resp) -> {
            throw new IllegalStateException("error page broken");
        })).mapping("/page");
        spec.errorPage(404, "/page");
        start(spec);
        RawHttp.Response r = get("/s");
        assertEquals(500, r.status);
        assertTrue(r.text().contains("500"));
    }

    @Test
    void exceptionAfterCommitAbortsTheConnectionAndOtherRequestsGoOn() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("late", servlet((req, resp) -> {
            resp.getWriter().print("half of it");
            resp.flushBuffer();
            throw new IllegalStateException("too late to tell");
        })).mapping("/late");
        spec.servlet("fine", servlet((req, resp) -> resp.getWriter().print("fine"))).mapping("/fine");
        start(spec);
        try (Socket socket = RawHttp.connect(port())) {
            RawHttp.write(socket.getOutputStream(), "GET", "/late", null, false);
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(all.startsWith("HTTP/1.1 200"), all);
            assertTrue(all.contains("Transfer-Encoding: chunked"), all);
            assertTrue(all.contains("half of it"), all);
            // the chunked body never gets its last chunk: the connection is closed instead
            assertFalse(all.endsWith("0\r\n\r\n"), all);
        }
        assertEquals("fine", get("/fine").text());
    }

    @Test
    void errorPageSeesTheErrorDispatchFiltersOnly() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("s", servlet((req, resp) -> resp.sendError(400))).mapping("/s");
        spec.servlet("page", servlet((req, resp) -> resp.getWriter().print(
                "filtered=" + req.getAttribute("filtered")))).mapping("/page");
        spec.filter("onError", (req, resp, chain) -> {
            req.setAttribute("filtered", req.getDispatcherType());
            chain.doFilter(req, resp);
        }).urlPattern("/page").dispatcherTypes(jakarta.servlet.DispatcherType.ERROR);
        spec.errorPage(400, "/page");
        start(spec);
        assertEquals("filtered=ERROR", get("/s").text());
        assertEquals("filtered=null", get("/page").text());
    }
}
