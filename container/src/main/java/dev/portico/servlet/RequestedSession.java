package dev.portico.servlet;

import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;

/**
 * The session ids one request carries: each session cookie (Servlet 6.1 §7.1.1), then a {@code ;jsessionid=} path
 * parameter (§7.1.3, URL rewriting: the client has no cookies, and links carry the id); and which of them is
 * "the requested session id" of {@code HttpServletRequest}.
 */
final class RequestedSession {
    private final SessionManager sessions;
    private final Cookie[] cookies;
    private final String rawPath;
    private String requestedId;
    private boolean requestedIdResolved;

    /** {@code cookies} are the request's parsed cookies; {@code rawPath} its path as sent, path parameters and all. */
    RequestedSession(SessionManager sessions, Cookie[] cookies, String rawPath) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.rawPath = rawPath;
    }

    /** Every id the client sent, cookies first, without repeats of the URL's id. */
    List<String> ids() {
        List<String> ids = new ArrayList<>(1);
        if (sessions.tracksBy(SessionTrackingMode.COOKIE)) {
            String name = sessions.cookieConfig.getName();
            for (Cookie c : cookies) {
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
        for (Cookie c : cookies) {
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
