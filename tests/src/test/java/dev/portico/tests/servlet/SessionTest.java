package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import dev.portico.tests.RawHttp;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** HttpSession (Servlet 6.1 §7): cookie, persistence, invalidation, expiry, id change. */
class SessionTest extends ServletTestSupport {
    private final List<String> destroyed = new CopyOnWriteArrayList<>();
    private final Map<String, Object> seen = new ConcurrentHashMap<>();

    private void startApp(String contextPath) throws Exception {
        WebAppSpec spec = new WebAppSpec(contextPath).sessionTimeoutMinutes(20);
        spec.listener(new HttpSessionListener() {
            @Override
            public void sessionDestroyed(HttpSessionEvent e) {
                destroyed.add(e.getSession().getId());
            }
        });
        spec.servlet("session", servlet((req, resp) -> {
            String op = req.getParameter("op");
            HttpSession s = req.getSession(!"peek".equals(op));
            StringBuilder sb = new StringBuilder();
            sb.append("requested=").append(req.getRequestedSessionId()).append('\n');
            sb.append("requestedValid=").append(req.isRequestedSessionIdValid()).append('\n');
            sb.append("fromCookie=").append(req.isRequestedSessionIdFromCookie()).append('\n');
            if (s == null) {
                sb.append("session=none\n");
            } else {
                if ("set".equals(op)) {
                    s.setAttribute("v", req.getParameter("v"));
                } else if ("shortLived".equals(op)) {
                    s.setMaxInactiveInterval(1);
                } else if ("invalidate".equals(op)) {
                    String id = s.getId();
                    s.invalidate();
                    try {
                        s.getAttribute("v");
                        sb.append("afterInvalidate=readable\n");
                    } catch (IllegalStateException e) {
                        sb.append("afterInvalidate=IllegalStateException\n");
                    }
                    sb.append("id=").append(id).append('\n');
                    resp.getWriter().print(sb);
                    return;
                } else if ("change".equals(op)) {
                    sb.append("oldId=").append(s.getId()).append('\n');
                    sb.append("newId=").append(req.changeSessionId()).append('\n');
                }
                sb.append("id=").append(s.getId()).append('\n');
                sb.append("new=").append(s.isNew()).append('\n');
                sb.append("v=").append(s.getAttribute("v")).append('\n');
                sb.append("maxInactive=").append(s.getMaxInactiveInterval()).append('\n');
            }
            resp.getWriter().print(sb);
        })).mapping("/s");
        spec.servlet("lateSession", servlet((req, resp) -> {
            resp.getWriter().print("committed");
            resp.flushBuffer();
            try {
                req.getSession();
                seen.put("late", "created");
            } catch (IllegalStateException e) {
                seen.put("late", "IllegalStateException");
            }
        })).mapping("/late");
        start(spec);
    }

    private static String sessionCookie(RawHttp.Response r) {
        for (String c : r.headers("Set-Cookie")) {
            if (c.startsWith("JSESSIONID=")) {
                return c;
            }
        }
        return null;
    }

    private static String idOf(String setCookie) {
        return setCookie.substring("JSESSIONID=".length(), setCookie.indexOf(';'));
    }

    @Test
    void createsASessionWithAnHttpOnlyCookieScopedToTheContext() throws Exception {
        startApp("/shop");
        RawHttp.Response first = get("/shop/s?op=set&v=42");
        String cookie = sessionCookie(first);
        assertTrue(cookie != null && cookie.contains("; Path=/shop") && cookie.contains("; HttpOnly"),
                String.valueOf(cookie));
        String id = idOf(cookie);
        assertTrue(id.length() >= 22, "128 random bits, base64url: " + id);
        assertEquals(id, first.lines().get("id"));
        assertEquals("true", first.lines().get("new"));
        assertEquals("1200", first.lines().get("maxInactive"));

        RawHttp.Response second = get("/shop/s", "Cookie: JSESSIONID=" + id);
        assertNull(sessionCookie(second), "a joined session needs no new cookie");
        Map<String, String> m = second.lines();
        assertEquals(id, m.get("id"));
        assertEquals("false", m.get("new"));
        assertEquals("42", m.get("v"));
        assertEquals(id, m.get("requested"));
        assertEquals("true", m.get("requestedValid"));
        assertEquals("true", m.get("fromCookie"));

        String other = idOf(sessionCookie(get("/shop/s")));
        assertNotEquals(id, other);
    }

    @Test
    void rootContextCookiePathIsSlash() throws Exception {
        startApp("");
        String cookie = sessionCookie(get("/s"));
        assertTrue(cookie.matches("JSESSIONID=[A-Za-z0-9_-]+; Path=/; HttpOnly"), cookie);
    }

    @Test
    void noSessionIsCreatedUnlessAsked() throws Exception {
        startApp("");
        RawHttp.Response r = get("/s?op=peek");
        assertEquals("none", r.lines().get("session"));
        assertNull(sessionCookie(r));
        RawHttp.Response unknown = get("/s?op=peek", "Cookie: JSESSIONID=forged");
        assertEquals("forged", unknown.lines().get("requested"));
        assertEquals("false", unknown.lines().get("requestedValid"));
    }

    /** §7.1.3: a ;jsessionid= path parameter is the id the client sent, known to the container or not. */
    @Test
    void requestedSessionIdComesFromTheUrlPathParameter() throws Exception {
        startApp("/shop");
        Map<String, String> unknown = get("/shop/s;jsessionid=c0o7fszeb1?op=peek").lines();
        assertEquals("c0o7fszeb1", unknown.get("requested"));
        assertEquals("false", unknown.get("requestedValid"));
        assertEquals("false", unknown.get("fromCookie"));
        Map<String, String> created = get("/shop/s;jsessionid=xyzc0o7fszeb1").lines();
        assertEquals("xyzc0o7fszeb1", created.get("requested"), "still the client's id after a new session");
        assertNotEquals("xyzc0o7fszeb1", created.get("id"), "an unknown id is never adopted");

        String id = get("/shop/s?op=set&v=7").lines().get("id");
        Map<String, String> joined = get("/shop/s;jsessionid=" + id).lines();
        assertEquals(id, joined.get("id"), "the URL's id finds the session");
        assertEquals("7", joined.get("v"));
        assertEquals("true", joined.get("requestedValid"));
    }

    /** §7.1.3: encodeURL adds the id while the client has not returned the cookie, and only into this context. */
    @Test
    void encodeUrlAddsTheSessionIdUntilTheClientReturnsTheCookie() throws Exception {
        WebAppSpec spec = new WebAppSpec("/shop");
        spec.servlet("links", servlet((req, resp) -> {
            HttpSession s = req.getSession();
            resp.getWriter().print(s.getId() + "\n" + resp.encodeURL("cart?x=1#top") + "\n"
                    + resp.encodeRedirectURL("/shop/pay") + "\n" + resp.encodeURL("/other/page") + "\n"
                    + resp.encodeURL("http://elsewhere.example/shop/x"));
        })).mapping("/links");
        start(spec);
        String[] fresh = get("/shop/links").text().split("\n");
        String id = fresh[0];
        assertEquals("cart;jsessionid=" + id + "?x=1#top", fresh[1]);
        assertEquals("/shop/pay;jsessionid=" + id, fresh[2]);
        assertEquals("/other/page", fresh[3]);
        assertEquals("http://elsewhere.example/shop/x", fresh[4]);
        String[] withCookie = get("/shop/links", "Cookie: JSESSIONID=" + id).text().split("\n");
        assertEquals("cart?x=1#top", withCookie[1]);
    }

    /** §7.1: Portico tracks by cookie and URL; an app may keep one of them, and SSL tracking is refused. */
    @Test
    void sessionTrackingModesCanBeNarrowedDuringInit() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.listener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent e) {
                var context = e.getServletContext();
                seen.put("default", context.getDefaultSessionTrackingModes().toString());
                try {
                    context.setSessionTrackingModes(java.util.Set.of(jakarta.servlet.SessionTrackingMode.SSL));
                } catch (IllegalArgumentException refused) {
                    seen.put("ssl", "IllegalArgumentException");
                }
                context.setSessionTrackingModes(java.util.Set.of(jakarta.servlet.SessionTrackingMode.URL));
                seen.put("effective", context.getEffectiveSessionTrackingModes().toString());
            }
        });
        spec.servlet("s", servlet((req, resp) -> resp.getWriter().print(req.getSession().getId()))).mapping("/s");
        start(spec);
        assertEquals("[COOKIE, URL]", seen.get("default"));
        assertEquals("IllegalArgumentException", seen.get("ssl"));
        assertEquals("[URL]", seen.get("effective"));
        RawHttp.Response r = get("/s");
        assertNull(sessionCookie(r), "URL tracking only: no cookie");
        assertEquals(r.text(), get("/s;jsessionid=" + r.text()).text());
    }

    /**
     * §7.6: getLastAccessedTime is when the client's previous request of the session was first handled — also one
     * whose servlet never asked for the session — not the current one.
     */
    @Test
    void lastAccessedTimeIsWhenThePreviousRequestOfTheSessionArrived() throws Exception {
        WebAppSpec spec = new WebAppSpec("");
        spec.servlet("times", servlet((req, resp) -> {
            HttpSession s = req.getSession();
            resp.getWriter().print(s.getId() + " " + s.getCreationTime() + " " + s.getLastAccessedTime());
        })).mapping("/t");
        spec.servlet("other", servlet((req, resp) -> resp.getWriter().print("no session asked"))).mapping("/other");
        start(spec);
        String[] first = get("/t").text().split(" ");
        assertEquals(first[1], first[2], "a new session was last accessed when it was created");
        String cookie = "Cookie: JSESSIONID=" + first[0];
        long beforeOther = nextMillisecond();
        get("/other", cookie);
        long afterOther = nextMillisecond();
        long lastAccessed = Long.parseLong(get("/t", cookie).text().split(" ")[2]);
        assertTrue(lastAccessed >= beforeOther && lastAccessed < afterOther,
                "the /other request's arrival (" + beforeOther + ".." + afterOther + "): " + lastAccessed);
    }

    /** Waits for the clock to move on, so times before and after a request differ; returns the new time. */
    private static long nextMillisecond() {
        long start = System.currentTimeMillis();
        long now;
        while ((now = System.currentTimeMillis()) == start) {
            Thread.onSpinWait();
        }
        return now;
    }

    @Test
    void invalidateEndsTheSession() throws Exception {
        startApp("");
        String id = idOf(sessionCookie(get("/s?op=set&v=1")));
        Map<String, String> m = get("/s?op=invalidate", "Cookie: JSESSIONID=" + id).lines();
        assertEquals("IllegalStateException", m.get("afterInvalidate"));
        assertEquals(List.of(id), destroyed);
        Map<String, String> after = get("/s?op=peek", "Cookie: JSESSIONID=" + id).lines();
        assertEquals("none", after.get("session"));
        assertEquals("false", after.get("requestedValid"));
    }

    @Test
    void sessionExpiresAfterItsMaxInactiveIntervalWithoutAnyRequest() throws Exception {
        startApp("");
        String id = idOf(sessionCookie(get("/s?op=set&v=1")));
        assertEquals("1", get("/s?op=shortLived", "Cookie: JSESSIONID=" + id).lines().get("maxInactive"));
        await("the session to be destroyed by expiry", Duration.ofSeconds(10), () -> destroyed.contains(id));
        RawHttp.Response after = get("/s", "Cookie: JSESSIONID=" + id);
        assertEquals("false", after.lines().get("requestedValid"));
        assertNotEquals(id, after.lines().get("id"));
        assertEquals("null", after.lines().get("v"));
    }

    @Test
    void changeSessionIdKeepsTheSessionUnderANewId() throws Exception {
        startApp("");
        String id = idOf(sessionCookie(get("/s?op=set&v=kept")));
        RawHttp.Response changed = get("/s?op=change", "Cookie: JSESSIONID=" + id);
        Map<String, String> m = changed.lines();
        assertEquals(id, m.get("oldId"));
        String newId = m.get("newId");
        assertNotEquals(id, newId);
        assertEquals(newId, m.get("id"));
        assertEquals(newId, idOf(sessionCookie(changed)));
        assertEquals(1, changed.headers("Set-Cookie").size());
        assertEquals("kept", get("/s", "Cookie: JSESSIONID=" + newId).lines().get("v"));
        assertEquals("false", get("/s?op=peek", "Cookie: JSESSIONID=" + id).lines().get("requestedValid"));
        assertTrue(destroyed.isEmpty(), "changing the id does not destroy the session");
    }

    @Test
    void creatingASessionAfterCommitIsAnError() throws Exception {
        startApp("");
        RawHttp.Response r = get("/late");
        assertEquals("committed", r.text());
        assertEquals("IllegalStateException", seen.get("late"));
    }

    /** RFC 6265 §4.1.1: the session cookie's settings are checked as they are made, during initialisation. */
    @Test
    void sessionCookieConfigRefusesValuesThatWouldInjectAttributes() throws Exception {
        WebAppSpec spec = new WebAppSpec("/app");
        Map<String, java.util.function.Consumer<SessionCookieConfig>> attempts = new java.util.LinkedHashMap<>();
        attempts.put("name", c -> c.setName("SID; Domain=evil.example"));
        attempts.put("path", c -> c.setPath("/; Domain=evil.example"));
        attempts.put("domain", c -> c.setDomain("example.org\r\nX-Evil: 1"));
        attempts.put("domain attribute", c -> c.setAttribute("Domain", "a.example, b.example"));
        attempts.put("attribute value", c -> c.setAttribute("SameSite", "None; Partitioned"));
        attempts.put("attribute name", c -> c.setAttribute("Same Site", "Lax"));
        spec.listener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent e) {
                SessionCookieConfig config = e.getServletContext().getSessionCookieConfig();
                attempts.forEach((what, attempt) -> {
                    try {
                        attempt.accept(config);
                        seen.put(what, "accepted");
                    } catch (IllegalArgumentException refused) {
                        seen.put(what, "IllegalArgumentException");
                    }
                });
            }
        });
        spec.servlet("s", servlet((req, resp) -> req.getSession())).mapping("/*");
        start(spec);
        for (String what : attempts.keySet()) {
            assertEquals("IllegalArgumentException", seen.get(what), what);
        }
        String cookie = get("/app/x").header("Set-Cookie");
        assertTrue(cookie.startsWith("JSESSIONID=") && cookie.endsWith("; Path=/app; HttpOnly"), cookie);
    }

    @Test
    void sessionCookieIsConfigurableDuringInitOnly() throws Exception {
        WebAppSpec spec = new WebAppSpec("/app");
        spec.listener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent e) {
                SessionCookieConfig config = e.getServletContext().getSessionCookieConfig();
                config.setName("SID");
                config.setSecure(true);
                config.setPath("/");
                config.setAttribute("SameSite", "Lax");
            }
        });
        spec.servlet("s", servlet((req, resp) -> {
            req.getSession();
            try {
                req.getServletContext().getSessionCookieConfig().setName("LATE");
                seen.put("late", "accepted");
            } catch (IllegalStateException e) {
                seen.put("late", "IllegalStateException");
            }
        })).mapping("/*");
        start(spec);
        String cookie = get("/app/x").header("Set-Cookie");
        assertTrue(cookie.startsWith("SID="), cookie);
        assertTrue(cookie.contains("; Path=/;"), cookie);
        assertTrue(cookie.contains("; Secure"), cookie);
        assertTrue(cookie.contains("; HttpOnly"), cookie);
        assertTrue(cookie.contains("; SameSite=Lax"), cookie);
        assertEquals("IllegalStateException", seen.get("late"));
    }

    @Test
    void stoppingTheContextDestroysItsSessions() throws Exception {
        startApp("");
        String id = idOf(sessionCookie(get("/s")));
        portico.stop();
        portico = null;
        assertEquals(List.of(id), destroyed);
    }
}
