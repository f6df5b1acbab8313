package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filters (Servlet 6.1 §6): mapping by URL pattern and servlet name, chain order, dispatcher types, life cycle. */
class FilterTest extends ServletTestSupport {

    /** Appends its name to the X-Chain response header, then continues the chain. */
    static Filter tag(String name) {
        return (req, resp, chain) -> {
            ((HttpServletResponse) resp).addHeader("X-Chain", name);
            chain.doFilter(req, resp);
        };
    }

    /** A filter that wrote through getWriter does not break a static file behind it: the file follows its text. */
    @Test
    void staticFileBehindAFilterThatTookTheWriterIsWrittenThroughTheWriter(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("dummy.html"), "<p>page</p>", StandardCharsets.UTF_8);
        WebAppSpec spec = new WebAppSpec("").resourceRoot(root);
        spec.filter("banner", (req, resp, chain) -> {
            resp.getWriter().print("in filter;");
            chain.doFilter(req, resp);
        }).urlPattern("/*");
        spec.servlet("includer", servlet((req, resp) -> {
            resp.getWriter().print("included:");
            req.getRequestDispatcher("/dummy.html").include(req, resp);
        })).mapping("/includer");
        start(spec);
        RawHttp.Response r = get("/dummy.html");
        assertEquals(200, r.status);
        assertEquals("in filter;<p>page</p>", r.text());
        assertEquals("in filter;included:<p>page</p>", get("/includer").text());
    }

    @Test
    void urlPatternMatchesComeFirstThenServletNamesEachInDeclarationOrder() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("api", servlet((req, resp) -> resp.getWriter().print("api"))).mapping("/api/*");
        spec.servlet("page", servlet((req, resp) -> resp.getWriter().print("page"))).mapping("*.html");
        spec.filter("byName", tag("byName")).servletName("api");
        spec.filter("all", tag("all")).urlPattern("/*");
        spec.filter("apiOnly", tag("apiOnly")).urlPattern("/api/*");
        spec.filter("exact", tag("exact")).urlPattern("/api/exact");
        spec.filter("html", tag("html")).urlPattern("*.html");
        spec.filter("star", tag("star")).servletName("*");
        start(spec);
        assertEquals(List.of("all", "apiOnly", "byName", "star"), get("/api/x").headers("X-Chain"));
        assertEquals(List.of("all", "apiOnly", "exact", "byName", "star"), get("/api/exact").headers("X-Chain"));
        assertEquals(List.of("all", "html", "star"), get("/a/b.html").headers("X-Chain"));
        assertEquals("api", get("/api").text());
        assertEquals(List.of("all", "apiOnly", "byName", "star"), get("/api").headers("X-Chain"),
                "/api/* also matches /api itself");
    }

    @Test
    void filterCanShortCircuitAndWrapTheResponse() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("target", servlet((req, resp) -> {
            resp.setStatus(200);
            resp.getWriter().print("reached");
        })).mapping("/*");
        spec.filter("guard", (req, resp, chain) -> {
            if (req.getParameter("deny") != null) {
                ((HttpServletResponse) resp).sendError(403);
                return;
            }
            chain.doFilter(req, new HttpServletResponseWrapper((HttpServletResponse) resp) {
                @Override
                public void setStatus(int sc) {
                    super.setStatus(299);
                }
            });
        }).urlPattern("/*");
        start(spec);
        assertEquals(403, get("/?deny").status);
        RawHttp.Response wrapped = get("/");
        assertEquals(299, wrapped.status);
        assertEquals("reached", wrapped.text());
    }

    @Test
    void dispatcherTypesSelectWhichDispatchesAFilterSees() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("front", servlet((req, resp) -> {
            String how = req.getParameter("how");
            if ("forward".equals(how)) {
                req.getRequestDispatcher("/inner").forward(req, resp);
            } else if ("include".equals(how)) {
                req.getRequestDispatcher("/inner").include(req, resp);
            } else if ("error".equals(how)) {
                resp.sendError(409);
            } else {
                resp.getWriter().print("front");
            }
        })).mapping("/front");
        spec.servlet("inner", servlet((req, resp) -> resp.getWriter().print("inner"))).mapping("/inner");
        spec.servlet("errorPage", servlet((req, resp) -> resp.getWriter().print("error page"))).mapping("/error");
        spec.errorPage(409, "/error");
        spec.filter("request", tag("request")).urlPattern("/*");
        spec.filter("forward", tag("forward")).urlPattern("/inner").dispatcherTypes(DispatcherType.FORWARD);
        spec.filter("error", tag("error")).urlPattern("/error").dispatcherTypes(DispatcherType.ERROR);
        spec.filter("includeOrRequest", (req, resp, chain) -> {
            req.setAttribute("seen-" + req.getDispatcherType(), true);
            resp.getWriter().print("[" + req.getDispatcherType() + "]");
            chain.doFilter(req, resp);
        }).urlPattern("/inner").dispatcherTypes(DispatcherType.INCLUDE, DispatcherType.REQUEST);
        start(spec);
        assertEquals(List.of("request", "forward"), get("/front?how=forward").headers("X-Chain"));
        assertEquals("inner", get("/front?how=forward").text());
        assertEquals("[INCLUDE]inner", get("/front?how=include").text());
        assertEquals("[REQUEST]inner", get("/inner").text());
        RawHttp.Response error = get("/front?how=error");
        assertEquals(409, error.status);
        assertEquals("error page", error.text());
        assertEquals(List.of("request", "error"), error.headers("X-Chain"));
    }

    @Test
    void filtersAreInitializedAtStartWithTheirConfigAndDestroyedAtStop() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("s", servlet((req, resp) -> resp.getWriter().print(req.getAttribute("greeting"))))
                .mapping("/*");
        spec.filter("configured", new Filter() {
            private String greeting;

            @Override
            public void init(FilterConfig config) {
                greeting = config.getInitParameter("greeting") + " from " + config.getFilterName();
                events.add("init");
            }

            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse resp,
                                 jakarta.servlet.FilterChain chain) throws java.io.IOException,
                    jakarta.servlet.ServletException {
                req.setAttribute("greeting", greeting);
                chain.doFilter(req, resp);
            }

            @Override
            public void destroy() {
                events.add("destroy");
            }
        }).initParam("greeting", "hi").urlPattern("/*");
        start(spec);
        assertEquals(List.of("init"), events);
        assertEquals("hi from configured", get("/").text());
        get("/");
        portico.stop();
        portico = null;
        assertEquals(List.of("init", "destroy"), events);
    }
}
