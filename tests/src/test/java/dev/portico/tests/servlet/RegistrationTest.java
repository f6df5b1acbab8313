package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.HttpMethodConstraintElement;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Programmatic registration (Servlet 6.1 §4.4) and ServletContainerInitializers (§8.2.4). */
class RegistrationTest extends ServletTestSupport {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Object> seen = new ConcurrentHashMap<>();

    /** Needs a public no-arg constructor: registered by class. */
    public static class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().print("hello " + getInitParameter("who") + " async=" + req.isAsyncSupported());
        }
    }

    /** Registered by class name. */
    public static class Stamp implements Filter {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse resp,
                             jakarta.servlet.FilterChain chain) throws IOException, ServletException {
            ((HttpServletResponse) resp).setHeader("X-Stamp", "stamped");
            chain.doFilter(req, resp);
        }
    }

    public static class CountingRequestListener implements ServletRequestListener {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Override
        public void requestInitialized(ServletRequestEvent e) {
            SEEN.add("request");
        }
    }

    private static ServletContainerInitializer sci(Consumer<ServletContext> body, List<Set<Class<?>>> types) {
        return (classes, ctx) -> {
            types.add(classes);
            body.accept(ctx);
        };
    }

    @Test
    void initializerRegistersServletsFiltersAndListenersBeforeContextListenersRun() throws Exception {
        List<Set<Class<?>>> handed = new ArrayList<>();
        CountingRequestListener.SEEN.clear();
        WebAppSpec spec = new WebAppSpec("/app");
        spec.listener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent e) {
                events.add("declared listener sees " + e.getServletContext().getServletRegistrations().keySet());
            }
        });
        spec.initializer(sci(ctx -> {
            events.add("initializer");
            ServletRegistration.Dynamic hello = ctx.addServlet("hello", Hello.class);
            hello.addMapping("/hello/*");
            hello.setInitParameter("who", "world");
            hello.setAsyncSupported(true);
            hello.setLoadOnStartup(1);
            FilterRegistration.Dynamic stamp = ctx.addFilter("stamp", Stamp.class.getName());
            stamp.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/hello/*");
            stamp.setAsyncSupported(true);    // else the chain, and isAsyncSupported(), would be synchronous
            ctx.addListener(CountingRequestListener.class);
            ctx.setInitParameter("added", "by initializer");
        }, handed), Set.of(Hello.class));
        spec.initializer(sci(ctx -> events.add("second initializer"), handed), null);
        start(spec);
        assertEquals(List.of("initializer", "second initializer", "declared listener sees [hello]"), events);
        assertEquals(Set.of(Hello.class), handed.get(0));
        assertEquals(null, handed.get(1), "no @HandlesTypes classes: null, as §8.2.4 says");
        RawHttp.Response r = get("/app/hello/x");
        assertEquals("hello world async=true", r.text());
        assertEquals("stamped", r.header("X-Stamp"));
        assertEquals(List.of("request"), CountingRequestListener.SEEN);
    }

    @Test
    void declaredListenerMayRegisterServlets() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.listener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent e) {
                ServletContext ctx = e.getServletContext();
                try {
                    Servlet created = ctx.createServlet(Hello.class);
                    ServletRegistration.Dynamic reg = ctx.addServlet("created", created);
                    reg.setInitParameter("who", "listener");
                    reg.addMapping("/created");
                } catch (ServletException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        });
        start(spec);
        assertEquals("hello listener async=false", get("/created").text());
    }

    @Test
    void undeclaredListenerMayNotConfigureTheContext() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.initializer((classes, ctx) -> ctx.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent e) {
                List<String> results = new ArrayList<>();
                ServletContext sc = e.getServletContext();
                for (Runnable call : List.<Runnable>of(
                        () -> sc.addServlet("x", Hello.class),
                        () -> sc.addFilter("f", Stamp.class),
                        () -> sc.addListener(CountingRequestListener.class),
                        () -> sc.getServletRegistrations(),
                        () -> sc.setInitParameter("a", "b"))) {
                    try {
                        call.run();
                        results.add("allowed");
                    } catch (UnsupportedOperationException ex) {
                        results.add("UOE");
                    }
                }
                results.add("attributes " + (sc.getAttribute(ServletContext.TEMPDIR) != null));
                seen.put("results", results);
            }
        }), null);
        start(spec);
        assertEquals(List.of("UOE", "UOE", "UOE", "UOE", "UOE", "attributes true"), seen.get("results"));
    }

    @Test
    void configurationAfterInitializationIsRefused() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("late", servlet((req, resp) -> {
            ServletContext ctx = req.getServletContext();
            List<String> results = new ArrayList<>();
            for (Runnable call : List.<Runnable>of(
                    () -> ctx.addServlet("x", Hello.class),
                    () -> ctx.addFilter("f", new Stamp()),
                    () -> ctx.addListener(new CountingRequestListener()),
                    () -> ctx.setInitParameter("a", "b"),
                    () -> ctx.getServletRegistration("late").addMapping("/more"),
                    () -> ctx.setSessionTimeout(5))) {
                try {
                    call.run();
                    results.add("allowed");
                } catch (IllegalStateException ex) {
                    results.add("ISE");
                }
            }
            resp.getWriter().print(results);
        })).mapping("/late");
        start(spec);
        assertEquals("[ISE, ISE, ISE, ISE, ISE, ISE]", get("/late").text());
    }

    @Test
    void registrationsReportWhatWasRegisteredAndConflictsAreReturned() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("declared", servlet((req, resp) -> resp.getWriter().print("declared"))).mapping("/d", "*.do");
        spec.filter("declaredFilter", new Stamp()).urlPattern("/*").servletName("declared");
        spec.initializer((classes, ctx) -> {
            ServletRegistration.Dynamic dyn = ctx.addServlet("dynamic", new Hello());
            seen.put("conflicts", dyn.addMapping("/d", "/free"));
            seen.put("afterConflict", List.copyOf(dyn.getMappings()));
            seen.put("clean", dyn.addMapping("/free"));
            seen.put("duplicateName", String.valueOf(ctx.addServlet("declared", new Hello())));
            seen.put("initParams", dyn.setInitParameters(Map.of("who", "x")) + "," + dyn.setInitParameters(
                    Map.of("who", "y")));
            dyn.setMultipartConfig(new MultipartConfigElement("/tmp"));
            try {
                dyn.setServletSecurity(new ServletSecurityElement(List.<HttpMethodConstraintElement>of()));
                seen.put("security", "accepted");
            } catch (UnsupportedOperationException e) {
                seen.put("security", e.getMessage());
            }
            ServletRegistration declared = ctx.getServletRegistration("declared");
            seen.put("declared", declared.getClassName().isEmpty() + "," + declared.getMappings());
            seen.put("all", ctx.getServletRegistrations().keySet().toString());
            FilterRegistration f = ctx.getFilterRegistration("declaredFilter");
            seen.put("filter", f.getUrlPatternMappings() + "," + f.getServletNameMappings());
        }, null);
        start(spec);
        assertEquals(Set.of("/d"), seen.get("conflicts"));
        assertEquals(List.of(), seen.get("afterConflict"), "nothing is mapped when a pattern conflicts");
        assertEquals(Set.of(), seen.get("clean"));
        assertEquals("null", seen.get("duplicateName"));
        assertEquals("[],[who]", seen.get("initParams"));
        assertTrue(String.valueOf(seen.get("security")).contains("setServletSecurity is not supported by Portico"));
        assertEquals("false,[/d, *.do]", seen.get("declared"));
        assertEquals("[declared, dynamic]", seen.get("all"));
        assertEquals("[/*],[declared]", seen.get("filter"));
        assertEquals("hello x async=false", get("/free").text());
        assertEquals("declared", get("/d").text());
    }

    @Test
    void initializerFailureFailsTheStart() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.initializer((classes, ctx) -> {
            throw new ServletException("initializer could not find its config");
        }, null);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> start(spec));
        portico = null;
        assertTrue(e.getMessage().contains("initializer could not find its config"), e.getMessage());
    }
}
