package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** URL mapping by the rules and examples of Servlet 6.1 §12, and context selection by the gateway. */
class MappingTest extends ServletTestSupport {

    /** Prints who answered and how the path was split. */
    static HttpServlet probe(String name) {
        return servlet((req, resp) -> {
            HttpServletMapping m = req.getHttpServletMapping();
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print("servlet=" + name + "\ncontextPath=" + req.getContextPath()
                    + "\nservletPath=" + req.getServletPath() + "\npathInfo=" + req.getPathInfo()
                    + "\nrequestURI=" + req.getRequestURI() + "\nmatchValue=" + m.getMatchValue()
                    + "\npattern=" + m.getPattern() + "\nmatch=" + m.getMappingMatch()
                    + "\nservletName=" + m.getServletName() + "\n");
        });
    }

    private WebAppSpec specTable(String contextPath) {
        WebAppSpec spec = new WebAppSpec(contextPath);
        spec.servlet("servlet1", probe("servlet1")).mapping("/foo/bar/*");
        spec.servlet("servlet2", probe("servlet2")).mapping("/baz/*");
        spec.servlet("servlet3", probe("servlet3")).mapping("/catalog");
        spec.servlet("servlet4", probe("servlet4")).mapping("*.bop");
        spec.servlet("default", probe("default")).mapping("/");
        return spec;
    }

    private Map<String, String> probeAt(String target) throws Exception {
        RawHttp.Response r = get(target);
        assertEquals(200, r.status, r.toString());
        return r.lines();
    }

    @Test
    void followsTheExampleTableOfSection12_2_2() throws Exception {
        start(specTable(""));
        Map<String, String> expected = Map.of(
                "/foo/bar/index.html", "servlet1",
                "/foo/bar/index.bop", "servlet1",
                "/baz", "servlet2",
                "/baz/index.html", "servlet2",
                "/catalog", "servlet3",
                "/catalog/index.html", "default",
                "/catalog/racecar.bop", "servlet4",
                "/index.bop", "servlet4");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), probeAt(e.getKey()).get("servlet"), e.getKey());
        }
    }

    @Test
    void splitsServletPathAndPathInfoPerMatchKind() throws Exception {
        start(specTable("/app"));
        Map<String, String> prefix = probeAt("/app/foo/bar/a/b.html");
        assertEquals("/app", prefix.get("contextPath"));
        assertEquals("/foo/bar", prefix.get("servletPath"));
        assertEquals("/a/b.html", prefix.get("pathInfo"));
        assertEquals("/app/foo/bar/a/b.html", prefix.get("requestURI"));

        Map<String, String> prefixExact = probeAt("/app/baz");
        assertEquals("/baz", prefixExact.get("servletPath"));
        assertEquals("null", prefixExact.get("pathInfo"));

        Map<String, String> exact = probeAt("/app/catalog");
        assertEquals("/catalog", exact.get("servletPath"));
        assertEquals("null", exact.get("pathInfo"));

        Map<String, String> extension = probeAt("/app/x/racecar.bop");
        assertEquals("/x/racecar.bop", extension.get("servletPath"));
        assertEquals("null", extension.get("pathInfo"));

        Map<String, String> byDefault = probeAt("/app/nothing/here");
        assertEquals("/nothing/here", byDefault.get("servletPath"));
        assertEquals("null", byDefault.get("pathInfo"));
    }

    /** The table of the HttpServletMapping javadoc. */
    @Test
    void reportsHttpServletMappingAsTheJavadocTableSays() throws Exception {
        WebAppSpec spec = new WebAppSpec("/ctx");
        spec.servlet("MyServlet", probe("MyServlet")).mapping("/MyServlet", "", "*.extension", "/path/*");
        spec.servlet("other", probe("other")).mapping("/");
        start(spec);

        Map<String, String> root = probeAt("/ctx/");
        assertEquals("", root.get("matchValue"));
        assertEquals("", root.get("pattern"));
        assertEquals("CONTEXT_ROOT", root.get("match"));
        assertEquals("", root.get("servletPath"));
        assertEquals("/", root.get("pathInfo"));

        Map<String, String> byDefault = probeAt("/ctx/index.html");
        assertEquals("", byDefault.get("matchValue"));
        assertEquals("/", byDefault.get("pattern"));
        assertEquals("DEFAULT", byDefault.get("match"));
        assertEquals("other", byDefault.get("servletName"));

        Map<String, String> exact = probeAt("/ctx/MyServlet");
        assertEquals("MyServlet", exact.get("matchValue"));
        assertEquals("/MyServlet", exact.get("pattern"));
        assertEquals("EXACT", exact.get("match"));

        Map<String, String> ext = probeAt("/ctx/bar/foo.extension");
        assertEquals("bar/foo", ext.get("matchValue"));
        assertEquals("*.extension", ext.get("pattern"));
        assertEquals("EXTENSION", ext.get("match"));

        Map<String, String> path = probeAt("/ctx/path/foo/bar");
        assertEquals("foo/bar", path.get("matchValue"));
        assertEquals("/path/*", path.get("pattern"));
        assertEquals("PATH", path.get("match"));
        assertEquals("MyServlet", path.get("servletName"));
    }

    @Test
    void slashStarMapsEverythingIntoPathInfo() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("all", probe("all")).mapping("/*");
        start(spec);
        Map<String, String> m = probeAt("/a/b");
        assertEquals("", m.get("servletPath"));
        assertEquals("/a/b", m.get("pathInfo"));
        Map<String, String> root = probeAt("/");
        assertEquals("", root.get("servletPath"));
        assertEquals("/", root.get("pathInfo"));
    }

    @Test
    void unmappedPathIs404WithoutDefaultServlet() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("one", probe("one")).mapping("/one");
        start(spec);
        RawHttp.Response r = get("/two");
        assertEquals(404, r.status);
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.toString());
        assertTrue(r.text().contains("404"));
    }

    @Test
    void picksTheContextWithTheLongestPathPrefix() throws Exception {
        WebAppSpec root = new WebAppSpec("");
        root.servlet("root", probe("root")).mapping("/*");
        WebAppSpec shop = new WebAppSpec("/shop");
        shop.servlet("shop", probe("shop")).mapping("/*");
        WebAppSpec admin = new WebAppSpec("/shop/admin");
        admin.servlet("admin", probe("admin")).mapping("/*");
        start(root, shop, admin);

        assertEquals("root", probeAt("/shopping").get("servlet"));
        assertEquals("shop", probeAt("/shop/cart").get("servlet"));
        assertEquals("/shop", probeAt("/shop/cart").get("contextPath"));
        assertEquals("admin", probeAt("/shop/admin/users").get("servlet"));
        assertEquals("/users", probeAt("/shop/admin/users").get("pathInfo"));
        assertEquals("root", probeAt("/other").get("servlet"));
    }

    @Test
    void unknownContextIs404() throws Exception {
        WebAppSpec shop = new WebAppSpec("/shop");
        shop.servlet("shop", probe("shop")).mapping("/*");
        start(shop);
        assertEquals(404, get("/elsewhere").status);
        assertEquals(404, get("/shopping").status);
    }

    @Test
    void contextPathWithoutSlashRedirectsToTheContextRoot() throws Exception {
        WebAppSpec shop = new WebAppSpec("/shop");
        shop.servlet("shop", probe("shop")).mapping("/*");
        start(shop);
        RawHttp.Response r = get("/shop?x=1");
        assertEquals(302, r.status);
        assertEquals("/shop/?x=1", r.header("Location"));
    }

    @Test
    void contextRootRedirectIsBuiltFromTheCanonicalPath() throws Exception {
        WebAppSpec files = new WebAppSpec("/files");
        files.servlet("files", probe("files")).mapping("/*");
        start(files);
        RawHttp.Response r = get("//evil.example/../files");
        assertEquals(302, r.status);
        assertEquals("/files/", r.header("Location"), "a Location of //evil.example/... is another host");
        assertEquals("/files/?q=1", get("//evil.example/../files?q=1").header("Location"));
        assertEquals("/files/", get("/x/./..//files").header("Location"));
        assertEquals(400, get("/\\evil.example/%2e%2e/files?q").status, "a backslash is refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/sub/%2e%2e", "/files/%2e/x", "/files/..;/files/x", "/files/.;/x",
        "/;/files/x", "/files/x%5C..%5Cy", "/files/x%7F", "/../files/x"})
    void suspiciousPathSequencesAre400(String target) throws Exception {
        WebAppSpec files = new WebAppSpec("/files");
        files.servlet("files", probe("files")).mapping("/*");
        start(files);
        assertEquals(400, get(target).status, target);
    }

    @Test
    void mapsTheDecodedCanonicalPathButReportsTheRawUri() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("files", probe("files")).mapping("/files/*");
        spec.servlet("other", probe("other")).mapping("/");
        start(spec);
        Map<String, String> m = probeAt("/files/a%20b/./c/../d;jsessionid=x");
        assertEquals("files", m.get("servlet"));
        assertEquals("/a b/d", m.get("pathInfo"));
        assertEquals("/files/a%20b/./c/../d;jsessionid=x", m.get("requestURI"));
        assertEquals("files", probeAt("/other/../files/x").get("servlet"));
        assertEquals("/%C3%A9t%C3%A9", probeAt("/files/%C3%A9t%C3%A9").get("requestURI").substring(6));
        assertEquals("/été", probeAt("/files/%C3%A9t%C3%A9").get("pathInfo"));
    }

    @Test
    void refusesPathsThatEscapeTheRootOrHideSeparators() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("all", probe("all")).mapping("/*");
        start(spec);
        assertEquals(400, get("/../etc/passwd").status);
        assertEquals(400, get("/a/%2e%2e/%2e%2e/etc").status);
        assertEquals(400, get("/a%2Fb").status);
        assertEquals(400, get("/a%00b").status);
        assertEquals(400, get("/a%zz").status);
        assertEquals(400, get("/%C3%28").status);
    }

    @Test
    void welcomeFileAnswersADirectoryPath() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("index", probe("index")).mapping("/docs/index.html");
        spec.welcomeFile("index.html");
        start(spec);
        Map<String, String> m = probeAt("/docs/");
        assertEquals("index", m.get("servlet"));
        assertEquals("/docs/index.html", m.get("servletPath"));
        assertNull(m.get("missing"));
    }
}
