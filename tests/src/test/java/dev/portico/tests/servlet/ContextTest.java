package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServletContext and ServletConfig (Servlet 6.1 §4, §2.3): parameters, attributes, resources, life cycle. */
class ContextTest extends ServletTestSupport {
    private final Map<String, Object> seen = new ConcurrentHashMap<>();

    @Test
    void exposesInitParametersVersionsAndConfig() throws Exception {
        WebAppSpec spec = new WebAppSpec("/app").displayName("My App").contextParam("site", "portico");
        spec.servlet("probe", servlet((req, resp) -> {
            ServletContext sc = req.getServletContext();
            ServletConfig config = (ServletConfig) req.getAttribute("config");
            resp.getWriter().print("site=" + sc.getInitParameter("site") + "\nnames="
                    + Collections.list(sc.getInitParameterNames()) + "\nversion=" + sc.getMajorVersion() + "."
                    + sc.getMinorVersion() + "\nname=" + sc.getServletContextName() + "\ncontextPath="
                    + sc.getContextPath() + "\nserverInfo=" + sc.getServerInfo() + "\n");
        })).mapping("/*");
        spec.servlet("config", new GenericServlet() {
            @Override
            public void service(ServletRequest req, ServletResponse res) throws java.io.IOException {
                res.getWriter().print("servletName=" + getServletName() + "\ncolor=" + getInitParameter("color")
                        + "\nparams=" + Collections.list(getInitParameterNames()) + "\ncontext="
                        + (getServletContext() == req.getServletContext()) + "\n");
            }
        }).initParam("color", "blue").mapping("/config");
        start(spec);
        Map<String, String> m = get("/app/x").lines();
        assertEquals("portico", m.get("site"));
        assertEquals("[site]", m.get("names"));
        assertEquals("6.1", m.get("version"));
        assertEquals("My App", m.get("name"));
        assertEquals("/app", m.get("contextPath"));
        assertTrue(m.get("serverInfo").startsWith("Portico/"), m.get("serverInfo"));

        Map<String, String> c = get("/app/config").lines();
        assertEquals("config", c.get("servletName"));
        assertEquals("blue", c.get("color"));
        assertEquals("[color]", c.get("params"));
        assertEquals("true", c.get("context"));
    }

    @Test
    void attributesAreSharedAndTempDirIsProvided() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("set", servlet((req, resp) -> req.getServletContext().setAttribute("counter",
                req.getParameter("v")))).mapping("/set");
        spec.servlet("get", servlet((req, resp) -> {
            ServletContext sc = req.getServletContext();
            File tmp = (File) sc.getAttribute(ServletContext.TEMPDIR);
            resp.getWriter().print("counter=" + sc.getAttribute("counter") + "\ntempdir=" + (tmp != null
                    && tmp.isDirectory()) + "\npermissions=" + PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(tmp.toPath())) + "\n");
        })).mapping("/get");
        start(spec);
        get("/set?v=41");
        assertEquals("41", get("/get").lines().get("counter"));
        assertEquals("true", get("/get").lines().get("tempdir"));
        assertEquals("rwx------", get("/get").lines().get("permissions"), "only the server's user may enter it");
    }

    @Test
    void servesResourcesFromTheResourceRoots(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.writeString(first.resolve("a.txt"), "from first");
        Files.createDirectories(first.resolve("sub"));
        Files.writeString(first.resolve("sub/b.css"), "b");
        Files.writeString(second.resolve("a.txt"), "shadowed");
        Files.writeString(second.resolve("c.json"), "{}");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        WebAppSpec spec = new WebAppSpec("").resourceRoot(first).resourceRoot(second);
        spec.servlet("res", servlet((req, resp) -> {
            ServletContext sc = req.getServletContext();
            String content;
            try (InputStream in = sc.getResourceAsStream("/a.txt")) {
                content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            resp.getWriter().print("content=" + content + "\nurl=" + (sc.getResource("/c.json") != null)
                    + "\nmissing=" + sc.getResource("/nope") + "\nescape=" + sc.getResourceAsStream("/../secret.txt")
                    + "\npaths=" + new java.util.TreeSet<>(sc.getResourcePaths("/")) + "\nsubPaths="
                    + sc.getResourcePaths("/sub/") + "\nnoDir=" + sc.getResourcePaths("/none/") + "\nrealPath="
                    + sc.getRealPath("/sub/b.css") + "\nmime=" + sc.getMimeType("x.css") + "," + sc.getMimeType(
                    "y.JSON") + "," + sc.getMimeType("z.custom") + "\n");
        })).mapping("/res");
        spec.mimeMapping("custom", "application/x-custom");
        start(spec);
        Map<String, String> m = get("/res").lines();
        assertEquals("from first", m.get("content"));
        assertEquals("true", m.get("url"));
        assertEquals("null", m.get("missing"));
        assertEquals("null", m.get("escape"));
        assertEquals("[/a.txt, /c.json, /sub/]", m.get("paths"));
        assertEquals("[/sub/b.css]", m.get("subPaths"));
        assertEquals("null", m.get("noDir"));
        assertEquals(first.resolve("sub/b.css").toAbsolutePath().toString(), m.get("realPath"));
        assertEquals("text/css,application/json,application/x-custom", m.get("mime"));

        // the unmapped paths of an app with resources are its static files
        RawHttp.Response file = get("/sub/b.css");
        assertEquals(200, file.status);
        assertEquals("b", file.text());
        assertEquals(404, get("/nothing.txt").status);
    }

    @Test
    void dispatchersByPathAndByName() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("target", servlet((req, resp) -> resp.getWriter().print("target:" + req.getDispatcherType())))
                .mapping("/target");
        spec.servlet("probe", servlet((req, resp) -> {
            ServletContext sc = req.getServletContext();
            seen.put("unknownName", String.valueOf(sc.getNamedDispatcher("nope")));
            if (req.getParameter("named") != null) {
                sc.getNamedDispatcher("target").forward(req, resp);
            } else {
                sc.getRequestDispatcher("/target").include(req, resp);
            }
        })).mapping("/probe");
        start(spec);
        assertEquals("target:FORWARD", get("/probe?named").text());
        assertEquals("target:INCLUDE", get("/probe").text());
        assertEquals("null", seen.get("unknownName"));
    }

    @Test
    void loadOnStartupServletsInitInOrderOthersOnFirstRequestAndAllOnce() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("lazy", lifecycle("lazy", events)).mapping("/lazy");
        spec.servlet("second", lifecycle("second", events)).loadOnStartup(2).mapping("/second");
        spec.servlet("first", lifecycle("first", events)).loadOnStartup(1).mapping("/first");
        spec.servlet("zero", lifecycle("zero", events)).loadOnStartup(0).mapping("/zero");
        start(spec);
        assertEquals(List.of("init zero", "init first", "init second"), events);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/lazy").status);
            assertEquals(200, get("/first").status);
        }
        assertEquals(List.of("init zero", "init first", "init second", "init lazy"), events);
        portico.stop();
        portico = null;
        List<String> destroys = events.subList(4, events.size());
        assertEquals(4, destroys.size(), events.toString());
        assertEquals(List.of("destroy lazy", "destroy second", "destroy first", "destroy zero"), destroys,
                "destroyed once each, in reverse order of init");
    }

    @Test
    void lazyInitRunsOnceUnderConcurrentFirstRequests() throws Exception {
        AtomicInteger inits = new AtomicInteger();
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("slowInit", new GenericServlet() {
            @Override
            public void init() throws ServletException {
                inits.incrementAndGet();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new ServletException(e);
                }
            }

            @Override
            public void service(ServletRequest req, ServletResponse res) throws java.io.IOException {
                res.getWriter().print("ok");
            }
        }).mapping("/*");
        start(spec);
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    statuses.add(get("/").status);
                } catch (java.io.IOException e) {
                    statuses.add(-1);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(Collections.nCopies(8, 200), statuses);
        assertEquals(1, inits.get());
    }

    @Test
    void servletWhoseInitFailsIsNotInServiceAndAnswers500() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("broken", new GenericServlet() {
            @Override
            public void init() throws ServletException {
                attempts.incrementAndGet();
                throw new ServletException("no database");
            }

            @Override
            public void service(ServletRequest req, ServletResponse res) {
                throw new AssertionError("never in service");
            }
        }).mapping("/broken");
        spec.servlet("fine", servlet((req, resp) -> resp.getWriter().print("fine"))).mapping("/fine");
        start(spec);
        assertEquals(500, get("/broken").status);
        assertEquals("fine", get("/fine").text());
        assertEquals(500, get("/broken").status);
        assertEquals(2, attempts.get(), "a failed init is tried again on the next request");
    }

    @Test
    void permanentlyUnavailableServletAnswers404AndTemporarily503() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("gone", new GenericServlet() {
            @Override
            public void init() throws ServletException {
                throw new jakarta.servlet.UnavailableException("retired");
            }

            @Override
            public void service(ServletRequest req, ServletResponse res) {
            }
        }).mapping("/gone");
        spec.servlet("busy", new GenericServlet() {
            @Override
            public void init() throws ServletException {
                throw new jakarta.servlet.UnavailableException("warming up", 60);
            }

            @Override
            public void service(ServletRequest req, ServletResponse res) {
            }
        }).mapping("/busy");
        start(spec);
        assertEquals(404, get("/gone").status);
        assertEquals(503, get("/busy").status);
    }

    @Test
    void threadContextClassLoaderIsTheAppsDuringCalls() throws Exception {
        ClassLoader appLoader = new ClassLoader(getClass().getClassLoader()) {
        };
        WebAppSpec spec = new WebAppSpec("").classLoader(appLoader);
        spec.servlet("tccl", new GenericServlet() {
            @Override
            public void init() {
                seen.put("init", Thread.currentThread().getContextClassLoader() == appLoader);
            }

            @Override
            public void service(ServletRequest req, ServletResponse res) {
                seen.put("service", Thread.currentThread().getContextClassLoader() == appLoader);
            }

            @Override
            public void destroy() {
                seen.put("destroy", Thread.currentThread().getContextClassLoader() == appLoader);
            }
        }).mapping("/*").loadOnStartup(1);
        start(spec);
        get("/");
        portico.stop();
        portico = null;
        assertEquals(Map.of("init", true, "service", true, "destroy", true), seen);
    }

    private static GenericServlet lifecycle(String name, List<String> events) {
        return new GenericServlet() {
            @Override
            public void init() {
                events.add("init " + name);
            }

            @Override
            public void service(ServletRequest req, ServletResponse res) {
            }

            @Override
            public void destroy() {
                events.add("destroy " + name);
            }
        };
    }
}
