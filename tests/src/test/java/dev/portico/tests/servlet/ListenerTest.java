package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The listeners of Servlet 6.1 §11, each told what the spec says, in order. */
class ListenerTest extends ServletTestSupport {
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** One listener implementing every interface, recording what it hears. */
    class Recorder implements ServletContextListener, ServletContextAttributeListener, ServletRequestListener,
            ServletRequestAttributeListener, HttpSessionListener, HttpSessionAttributeListener,
            HttpSessionIdListener {
        private final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void contextInitialized(ServletContextEvent e) {
            events.add(name + " contextInitialized " + e.getServletContext().getContextPath());
        }

        @Override
        public void contextDestroyed(ServletContextEvent e) {
            events.add(name + " contextDestroyed");
        }

        @Override
        public void attributeAdded(ServletContextAttributeEvent e) {
            events.add(name + " context+ " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeReplaced(ServletContextAttributeEvent e) {
            events.add(name + " context~ " + e.getName() + " old=" + e.getValue());
        }

        @Override
        public void attributeRemoved(ServletContextAttributeEvent e) {
            events.add(name + " context- " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void requestInitialized(ServletRequestEvent e) {
            if (e.getServletRequest().getParameter("quiet") == null) {
                events.add(name + " requestInitialized");
            }
        }

        @Override
        public void requestDestroyed(ServletRequestEvent e) {
            if (e.getServletRequest().getParameter("quiet") == null) {
                events.add(name + " requestDestroyed");
            }
        }

        @Override
        public void attributeAdded(ServletRequestAttributeEvent e) {
            events.add(name + " request+ " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeReplaced(ServletRequestAttributeEvent e) {
            events.add(name + " request~ " + e.getName() + " old=" + e.getValue());
        }

        @Override
        public void attributeRemoved(ServletRequestAttributeEvent e) {
            events.add(name + " request- " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void sessionCreated(HttpSessionEvent e) {
            events.add(name + " sessionCreated");
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent e) {
            events.add(name + " sessionDestroyed attr=" + e.getSession().getAttribute("user"));
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent e) {
            events.add(name + " session+ " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent e) {
            events.add(name + " session~ " + e.getName() + " old=" + e.getValue());
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent e) {
            events.add(name + " session- " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent e, String oldId) {
            events.add(name + " sessionIdChanged " + !e.getSession().getId().equals(oldId));
        }
    }

    @Test
    void contextListenersInitInOrderAndAreDestroyedInReverseAfterServlets() throws Exception {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.listener(new Recorder("A")).listener(new Recorder("B"));
        spec.servlet("s", new jakarta.servlet.GenericServlet() {
            @Override
            public void service(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
            }

            @Override
            public void destroy() {
                events.add("servlet destroyed");
            }
        }).loadOnStartup(1).mapping("/*");
        start(spec);
        assertEquals(List.of("A contextInitialized /app", "B contextInitialized /app"), events);
        events.clear();
        portico.stop();
        portico = null;
        assertEquals(List.of("servlet destroyed", "B contextDestroyed", "A contextDestroyed"), events);
    }

    @Test
    void contextAttributeEvents() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.listener(new Recorder("L"));
        spec.servlet("s", servlet((req, resp) -> {
            req.getServletContext().setAttribute("k", "1");
            req.getServletContext().setAttribute("k", "2");
            req.getServletContext().removeAttribute("k");
            req.getServletContext().removeAttribute("never-set");
        })).mapping("/*");
        start(spec);
        events.clear();
        get("/?quiet");
        assertEquals(List.of("L context+ k=1", "L context~ k old=1", "L context- k=2"), events);
    }

    @Test
    void requestListenersBracketTheRequestAndSeeAttributeChanges() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.listener(new Recorder("L"));
        spec.servlet("s", servlet((req, resp) -> {
            events.add("service");
            req.setAttribute("a", "1");
            req.setAttribute("a", "2");
            req.removeAttribute("a");
        })).mapping("/*");
        start(spec);
        events.clear();
        get("/");
        assertEquals(List.of("L requestInitialized", "service", "L request+ a=1", "L request~ a old=1",
                "L request- a=2", "L requestDestroyed"), events);
    }

    @Test
    void sessionListenersAndBindingListeners() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.listener(new Recorder("L"));
        spec.servlet("s", servlet((req, resp) -> {
            var session = req.getSession();
            session.setAttribute("user", "ann");
            session.setAttribute("user", "bob");
            session.setAttribute("bound", new HttpSessionBindingListener() {
                @Override
                public void valueBound(HttpSessionBindingEvent e) {
                    events.add("valueBound " + e.getName());
                }

                @Override
                public void valueUnbound(HttpSessionBindingEvent e) {
                    events.add("valueUnbound " + e.getName());
                }

                @Override
                public String toString() {
                    return "binding";
                }
            });
            req.changeSessionId();
            session.invalidate();
        })).mapping("/*");
        start(spec);
        events.clear();
        get("/?quiet");
        assertEquals(List.of("L sessionCreated", "L session+ user=ann", "L session~ user old=ann",
                "valueBound bound", "L session+ bound=binding", "L sessionIdChanged true",
                "L sessionDestroyed attr=bob", events.get(7), events.get(8), events.get(9)), events);
        assertTrue(events.subList(7, 10).containsAll(List.of("L session- user=bob", "valueUnbound bound",
                "L session- bound=binding")), events.toString());
    }

    @Test
    void aListenerThatThrowsFailsTheRequestWith500() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.listener(new ServletRequestListener() {
            @Override
            public void requestInitialized(ServletRequestEvent e) {
                if (e.getServletRequest().getParameter("fail") != null) {
                    throw new IllegalStateException("listener refuses");
                }
            }
        });
        spec.servlet("s", servlet((req, resp) -> resp.getWriter().print("ok"))).mapping("/*");
        start(spec);
        assertEquals(500, get("/?fail").status);
        assertEquals("ok", get("/").text());
    }
}
