package dev.portico.servlet;

import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.Cookie;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one context: creation with an unguessable id, lookup by the session cookie, expiry by a
 * once-a-second sweep on the shared scheduler (so expired sessions are destroyed even if no request comes).
 */
final class SessionManager {
    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
    /** 128 random bits: OWASP's session id entropy recommendation is at least 64. */
    private static final int ID_BYTES = 16;
    /** Made on the first session, not at start-up: setting up a SecureRandom costs several milliseconds. */
    private static final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();
    }
    private static final Set<String> STANDARD_ATTRIBUTES =
            Set.of("domain", "path", "max-age", "secure", "httponly");

    /** §7.1.3: the path parameter that carries the session id in a rewritten URL. */
    static final String URL_PARAMETER = "jsessionid";
    /** What Portico can track by (§7.1): a cookie, or the id in rewritten URLs. SSL sessions are not offered. */
    static final Set<SessionTrackingMode> SUPPORTED_MODES =
            java.util.Collections.unmodifiableSet(EnumSet.of(SessionTrackingMode.COOKIE, SessionTrackingMode.URL));

    final WebApp app;
    final PorticoSessionCookieConfig cookieConfig;
    /** The modes in effect: the supported ones unless the app chose some with setSessionTrackingModes. */
    volatile Set<SessionTrackingMode> trackingModes = SUPPORTED_MODES;
    private final Map<String, PorticoSession> sessions = new ConcurrentHashMap<>();
    /** Default max inactive interval in seconds for new sessions; ≤ 0 means never. */
    volatile int timeoutSeconds;
    private ScheduledFuture<?> sweeper;

    SessionManager(WebApp app, int timeoutMinutes) {
        this.app = app;
        this.cookieConfig = new PorticoSessionCookieConfig(app);
        this.timeoutSeconds = timeoutMinutes <= 0 ? -1 : timeoutMinutes * 60;
    }

    void start() {
        sweeper = app.services.scheduler().scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** Invalidates every session (listeners are told) and stops the sweep. */
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        for (PorticoSession s : List.copyOf(sessions.values())) {
            try {
                if (s.isValid()) {
                    s.invalidate();
                }
            } catch (IllegalStateException e) {
                // invalidated concurrently
            }
        }
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        for (PorticoSession s : sessions.values()) {
            try {
                s.expireIfDue(now);
            } catch (RuntimeException e) {
                LOG.warn("expiring session failed in context '{}'", app.contextPath, e);
            }
        }
    }

    /** The first valid session among the ids the client sent, associated with the request; or null. */
    PorticoSession find(List<String> ids, RequestCycle cycle) {
        for (String id : ids) {
            PorticoSession s = sessions.get(id);
            if (s != null) {
                if (s.access(true)) {
                    cycle.sessionAccessed(s);
                    return s;
                }
                s.expireIfDue(System.currentTimeMillis());
            }
        }
        return null;
    }

    PorticoSession create(RequestCycle cycle) {
        String id = newId();
        PorticoSession s = new PorticoSession(this, id, timeoutSeconds);
        sessions.put(id, s);
        s.access(false);
        cycle.sessionAccessed(s);
        if (tracksBy(SessionTrackingMode.COOKIE)) {
            cycle.response.setSessionCookie(cookieConfig.getName(), cookieHeader(id, cycle));
        }
        app.listeners.sessionCreated(s);
        return s;
    }

    /** §7.1.4 changeSessionId: a new id for the same session (against session fixation), cookie reissued. */
    String changeId(PorticoSession s, RequestCycle cycle) {
        String oldId = s.getId();
        String newId = newId();
        sessions.put(newId, s);
        s.id(newId);
        sessions.remove(oldId, s);
        if (tracksBy(SessionTrackingMode.COOKIE)) {
            cycle.response.setSessionCookie(cookieConfig.getName(), cookieHeader(newId, cycle));
        }
        app.listeners.sessionIdChanged(s, oldId);
        return newId;
    }

    boolean tracksBy(SessionTrackingMode mode) {
        return trackingModes.contains(mode);
    }

    boolean isValid(String id) {
        PorticoSession s = sessions.get(id);
        return s != null && s.isValid();
    }

    void removed(PorticoSession s) {
        sessions.remove(s.getId(), s);
    }

    int size() {
        return sessions.size();
    }

    /**
     * The session cookie. Over HTTPS (also as a trusted proxy forwarded it) it is marked Secure whatever the config
     * says, as Tomcat does.
     */
    private String cookieHeader(String id, RequestCycle cycle) {
        // the context path the client sees: a proxy's X-Forwarded-Prefix included, or the browser would not send it
        String contextPath = cycle.request.getContextPath();
        boolean secure = cycle.request.isSecure();
        Cookie cookie = new Cookie(cookieConfig.getName(), id);
        String path = cookieConfig.getPath();
        cookie.setPath(path != null ? path : contextPath.isEmpty() ? "/" : contextPath);
        if (cookieConfig.getDomain() != null) {
            cookie.setDomain(cookieConfig.getDomain());
        }
        cookie.setMaxAge(cookieConfig.getMaxAge());
        cookie.setSecure(cookieConfig.isSecure() || secure);
        cookie.setHttpOnly(cookieConfig.isHttpOnly());
        for (Map.Entry<String, String> e : cookieConfig.getAttributes().entrySet()) {
            if (!STANDARD_ATTRIBUTES.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                cookie.setAttribute(e.getKey(), e.getValue());    // e.g. SameSite, Partitioned
            }
        }
        return Cookies.format(cookie);
    }

    private String newId() {
        byte[] bytes = new byte[ID_BYTES];
        String id;
        do {
            Ids.RANDOM.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (sessions.containsKey(id));
        return id;
    }
}
