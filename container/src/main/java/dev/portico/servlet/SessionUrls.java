package dev.portico.servlet;

import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.HttpSession;

/**
 * URL rewriting (Servlet 6.1 §7.1.3): {@code encodeURL} adds {@code ;jsessionid=ID} to the path of a link into this
 * context when the request has a session that the client did not send back as a cookie — a new session, or a
 * client without cookies. Links elsewhere (another host or context) never carry the id, which would leak it.
 */
final class SessionUrls {
    private SessionUrls() {
    }

    static String encode(String url, PorticoRequest request, WebApp app) {
        if (!app.sessions.tracksBy(SessionTrackingMode.URL) || url.contains(";" + SessionManager.URL_PARAMETER + "=")
                || request.isRequestedSessionIdFromCookie()) {
            return url;
        }
        HttpSession session = request.getSession(false);
        if (session == null || !intoThisContext(url, request, request.getContextPath())) {
            return url;
        }
        int end = url.length();
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return url.substring(0, end) + ";" + SessionManager.URL_PARAMETER + "=" + session.getId()
                + url.substring(end);
    }

    /** A relative link, or an absolute one to this server, inside the context path. */
    private static boolean intoThisContext(String url, PorticoRequest request, String contextPath) {
        String path = url;
        if (url.startsWith("//") || url.contains("://")) {
            String root = request.absoluteUrl("/");
            String origin = root.substring(0, root.length() - 1);
            String absolute = url.startsWith("//") ? request.absoluteUrl(url) : url;
            if (!absolute.regionMatches(true, 0, origin, 0, origin.length())) {
                return false;
            }
            path = absolute.substring(origin.length());
            if (path.isEmpty()) {
                path = "/";
            }
        }
        if (!path.startsWith("/") || contextPath.isEmpty()) {
            return true;   // relative to the current request, which is in this context
        }
        return path.startsWith(contextPath) && (path.length() == contextPath.length()
                || "/?#;".indexOf(path.charAt(contextPath.length())) >= 0);
    }
}
