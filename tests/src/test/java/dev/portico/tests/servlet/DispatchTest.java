package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RequestDispatcher forward and include (Servlet 6.1 §9). */
class DispatchTest extends ServletTestSupport {
    private final Map<String, Object> seen = new ConcurrentHashMap<>();

    static String describe(HttpServletRequest req) {
        StringBuilder sb = new StringBuilder();
        sb.append("type=").append(req.getDispatcherType()).append('\n')
                .append("uri=").append(req.getRequestURI()).append('\n')
                .append("servletPath=").append(req.getServletPath()).append('\n')
                .append("pathInfo=").append(req.getPathInfo()).append('\n')
                .append("query=").append(req.getQueryString()).append('\n')
                .append("p=").append(Arrays.toString(req.getParameterValues("p"))).append('\n')
                .append("mapping=").append(req.getHttpServletMapping().getServletName()).append('\n');
        for (String prefix : new String[] {"forward", "include"}) {
            for (String name : new String[] {"request_uri", "context_path", "servlet_path", "path_info",
                "query_string"}) {
                sb.append(prefix).append('.').append(name).append('=')
                        .append(req.getAttribute("jakarta.servlet." + prefix + "." + name)).append('\n');
            }
            Object mapping = req.getAttribute("jakarta.servlet." + prefix + ".mapping");
            sb.append(prefix).append(".mapping=").append(mapping == null ? null
                    : ((HttpServletMapping) mapping).getServletName()).append('\n');
        }
        return sb.toString();
    }

    @BeforeEach
    void startApp() throws Exception {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.servlet("front", servlet((req, resp) -> {
            String to = req.getParameter("to");
            resp.setHeader("X-Front", "set");
            resp.getWriter().print("front output that a forward discards");
            if (req.getParameter("include") != null) {
                resp.resetBuffer();
                resp.getWriter().print("before|\n");
                req.getRequestDispatcher(to).include(req, resp);
                resp.getWriter().print("|after");
                seen.put("afterInclude", describe(req));
            } else {
                req.getRequestDispatcher(to).forward(req, resp);
                seen.put("afterForward", describe(req));
                seen.put("committedAfterForward", resp.isCommitted());
                resp.getWriter().print("written after forward");
            }
        })).mapping("/front/*");
        spec.servlet("target", servlet((req, resp) -> {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print(describe(req));
        })).mapping("/target/*");
        spec.servlet("chain", servlet((req, resp) -> req.getRequestDispatcher("/target/end?p=chain")
                .forward(req, resp))).mapping("/chain");
        spec.servlet("meddler", servlet((req, resp) -> {
            resp.setStatus(404);
            resp.setHeader("X-Meddled", "1");
            resp.setContentType("application/json");
            resp.addCookie(new jakarta.servlet.http.Cookie("m", "1"));
            resp.sendError(500);
            resp.sendRedirect("/elsewhere");
            resp.getWriter().print("included body");
        })).mapping("/meddler");
        spec.servlet("relative", servlet((req, resp) -> req.getRequestDispatcher("../target/rel")
                .forward(req, resp))).mapping("/dir/relative");
        start(spec);
    }

    @Test
    void forwardChangesPathsAndSetsForwardAttributesToTheOriginal() throws Exception {
        RawHttp.Response r = get("/app/front/x?p=orig&q=1&to=/target/t%20x?p=fwd");
        assertEquals(200, r.status);
        Map<String, String> m = r.lines();
        assertEquals("FORWARD", m.get("type"));
        assertEquals("/app/target/t%20x", m.get("uri"));
        assertEquals("/target", m.get("servletPath"));
        assertEquals("/t x", m.get("pathInfo"));
        assertEquals("p=fwd", m.get("query"));
        assertEquals("[fwd, orig]", m.get("p"), "dispatch query parameters come first");
        assertEquals("target", m.get("mapping"));
        assertEquals("/app/front/x", m.get("forward.request_uri"));
        assertEquals("/app", m.get("forward.context_path"));
        assertEquals("/front", m.get("forward.servlet_path"));
        assertEquals("/x", m.get("forward.path_info"));
        assertEquals("p=orig&q=1&to=/target/t%20x?p=fwd", m.get("forward.query_string"));
        assertEquals("front", m.get("forward.mapping"));
        assertEquals("null", m.get("include.request_uri"));
    }

    @Test
    void forwardDiscardsBufferedOutputKeepsHeadersAndClosesTheResponse() throws Exception {
        RawHttp.Response r = get("/app/front/x?to=/target/t");
        assertEquals("set", r.header("X-Front"));
        assertEquals(-1, r.text().indexOf("front output"));
        assertEquals(-1, r.text().indexOf("written after forward"));
        assertEquals(true, seen.get("committedAfterForward"));
        Map<String, String> after = lines(seen.get("afterForward"));
        assertEquals("REQUEST", after.get("type"), "paths and type are restored when forward returns");
        assertEquals("/front", after.get("servletPath"));
        assertEquals("null", after.get("forward.request_uri"));
    }

    @Test
    void nestedForwardsKeepTheOriginalRequestInTheForwardAttributes() throws Exception {
        Map<String, String> m = get("/app/front/y?to=/chain").lines();
        assertEquals("/app/target/end", m.get("uri"));
        assertEquals("/app/front/y", m.get("forward.request_uri"));
        assertEquals("/front", m.get("forward.servlet_path"));
        assertEquals("[chain]", m.get("p"));
    }

    @Test
    void includeKeepsPathsAndSetsIncludeAttributesToTheTarget() throws Exception {
        RawHttp.Response r = get("/app/front/x?p=orig&include=1&to=/target/inc?p=inc");
        String body = r.text();
        assertEquals(true, body.startsWith("before|\n"), body);
        assertEquals(true, body.endsWith("|after"), body);
        Map<String, String> m = r.lines();
        assertEquals("INCLUDE", m.get("type"));
        assertEquals("/app/front/x", m.get("uri"));
        assertEquals("/front", m.get("servletPath"));
        assertEquals("/x", m.get("pathInfo"));
        assertEquals("front", m.get("mapping"));
        assertEquals("[inc, orig]", m.get("p"));
        assertEquals("/app/target/inc", m.get("include.request_uri"));
        assertEquals("/app", m.get("include.context_path"));
        assertEquals("/target", m.get("include.servlet_path"));
        assertEquals("/inc", m.get("include.path_info"));
        assertEquals("p=inc", m.get("include.query_string"));
        assertEquals("target", m.get("include.mapping"));
        Map<String, String> after = lines(seen.get("afterInclude"));
        assertEquals("null", after.get("include.request_uri"), "include attributes are removed afterwards");
        assertEquals("[orig]", after.get("p"));
    }

    @Test
    void includedServletCannotChangeStatusOrHeaders() throws Exception {
        RawHttp.Response r = get("/app/front/x?include=1&to=/meddler");
        assertEquals(200, r.status);
        assertNull(r.header("X-Meddled"));
        assertNull(r.header("Set-Cookie"));
        assertNull(r.header("Location"));
        assertEquals("before|\nincluded body|after", r.text());
    }

    @Test
    void relativeDispatchPathsResolveAgainstTheCurrentPath() throws Exception {
        Map<String, String> m = get("/app/dir/relative").lines();
        assertEquals("/app/target/rel", m.get("uri"));
        assertEquals("/app/dir/relative", m.get("forward.request_uri"));
    }

    @Test
    void forwardAfterCommitIsAnError() throws Exception {
        portico.stop();
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("late", servlet((req, resp) -> {
            resp.getWriter().print("committed");
            resp.flushBuffer();
            try {
                req.getRequestDispatcher("/x").forward(req, resp);
                seen.put("result", "forwarded");
            } catch (IllegalStateException e) {
                seen.put("result", "IllegalStateException");
            }
        })).mapping("/*");
        start(spec);
        assertEquals("committed", get("/").text());
        assertEquals("IllegalStateException", seen.get("result"));
    }

    private static Map<String, String> lines(Object text) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String line : String.valueOf(text).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }
}
