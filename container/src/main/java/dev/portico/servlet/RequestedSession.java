package dev.portico.servlet;

import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;

/**
 * The session side of one request: the session ids it carries — each session cookie (Servlet 6.1 §7.1.1), then a
 * {@code ;jsessionid=} path parameter (§7.1.3, URL rewriting: the client has no cookies, and links carry the id) —,
 * which of them is "the requested session id" of {@code HttpServletRequest}, and the session it joined or made.
 */
final class RequestedSession {
    private final RequestCycle cycle;
    private final SessionManager sessions;
    private final RequestHeaders headers;
    private final String rawPath;
    private String requestedId;
    private boolean requestedIdResolved;
    private PorticoSession session;

    /** {@code rawPath} is the request's path as sent, path parameters and all. */
    RequestedSession(RequestCycle cycle, RequestHeaders headers, String rawPath) {
        this.cycle = cycle;
        this.sessions = cycle.app.sessions;
        this.headers = headers;
        this.rawPath = rawPath;
    }

    /**
     * §7.6: "the session is considered to be accessed when a request that is part of the session is first handled
     * by the servlet container" — whether or not the app asks for it (a request for a static file keeps the session
     * alive and moves its last accessed time too). Only a request that carries an id can be part of one.
     */
    void joinIfCarried() {
        if (headers.get("Cookie") != null || rawPath.indexOf(';') >= 0) {
            session(false);
        }
    }

    /** {@code HttpServletRequest.getSession(create)}. */
    PorticoSession session(boolean create) {
        PorticoSession s = session;
        if (s != null && s.isValid() && s.manager() == sessions) {
            return s;
        }
        session = null;
        s = sessions.find(ids(), cycle);
        if (s == null) {
            if (!create) {
                return null;
            }
            if (cycle.response.isCommitted()) {
                throw new IllegalStateException("cannot create a session after the response was committed");
            }
            s = sessions.create(cycle);
        }
        session = s;
        return s;
    }

    /** {@code HttpServletRequest.changeSessionId}. */
    String changeId() {
        PorticoSession s = session(false);
        if (s == null) {
            throw new IllegalStateException("changeSessionId: the request has no session");
        }
        return sessions.changeId(s, cycle);
    }

    /** Every id the client sent, cookies first, without repeats of the URL's id. */
    List<String> ids() {
        List<String> ids = new ArrayList<>(1);
        if (sessions.tracksBy(SessionTrackingMode.COOKIE)) {
            String name = sessions.cookieConfig.getName();
            for (Cookie c : headers.cookies()) {
                if (c.getName().equals(name)) {
                    ids.add(c.getValue());
                }
            }
        }
        String fromUrl = urlId();
        if (fromUrl != null && !ids.contains(fromUrl)) {
            ids.add(fromUrl);
        }
        return ids;
    }

    private String urlId() {
        if (!sessions.tracksBy(SessionTrackingMode.URL)) {
            return null;
        }
        String id = UriPath.pathParameter(rawPath, SessionManager.URL_PARAMETER);
        return id == null || id.isEmpty() ? null : id;
    }

    /** The first id that names a live session, else the first one sent; decided once per request. */
    String id() {
        if (!requestedIdResolved) {
            requestedIdResolved = true;
            List<String> ids = ids();
            for (String id : ids) {
                if (sessions.isValid(id)) {
                    requestedId = id;
                    return id;
                }
            }
            requestedId = ids.isEmpty() ? null : ids.get(0);
        }
        return requestedId;
    }

    boolean isValid() {
        String id = id();
        return id != null && sessions.isValid(id);
    }

    boolean isFromCookie() {
        String id = id();
        if (id == null) {
            return false;
        }
        String name = sessions.cookieConfig.getName();
        for (Cookie c : headers.cookies()) {
            if (c.getName().equals(name) && c.getValue().equals(id) && sessions.tracksBy(SessionTrackingMode.COOKIE)) {
                return true;
            }
        }
        return false;
    }

    boolean isFromUrl() {
        String id = id();
        return id != null && id.equals(urlId());
    }
}
