package dev.portico.servlet;

import dev.portico.http.RequestHead;
import dev.portico.server.Origin;
import java.net.InetSocketAddress;

/**
 * Which scheme, host and port the client addressed: the one place that decides them for a request, so
 * {@code getServerName}, {@code getRequestURL} and redirects agree. Taken from the Host header (RFC 9110 §7.2),
 * or the local address when the request has none, and the connection's scheme; a trusted proxy's forwarded scheme,
 * host and port (the exchange's {@link Origin}) take their place.
 */
record Authority(String scheme, String host, int port) {
    static Authority of(RequestHead head, Origin origin, InetSocketAddress local) {
        return of(origin, head.authority(), local);
    }

    /**
     * {@code authority} is the request target's authority or the Host header, or null when there is neither. The
     * origin's scheme decides the scheme; a host it forwarded replaces {@code authority}, and a port it forwarded
     * replaces the port in either. A host without a port is on the scheme's default port.
     */
    static Authority of(Origin origin, String authority, InetSocketAddress local) {
        String scheme = origin.scheme();
        String chosen = origin.host() != null ? origin.host() : authority;
        if (chosen == null || chosen.isEmpty()) {
            return new Authority(scheme, local.getHostString(), origin.port() > 0 ? origin.port() : local.getPort());
        }
        int colon = portColon(chosen);
        String host = colon < 0 ? chosen : chosen.substring(0, colon);
        return new Authority(scheme, host, origin.port() > 0 ? origin.port() : port(chosen, colon, scheme));
    }

    /** Plain HTTP, as a test builds it: {@code authority} for a request from {@code local}'s own side. */
    static Authority of(String authority, InetSocketAddress local) {
        return of(Origin.direct(local, false), authority, local);
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** The colon before the port in {@code host:port} or {@code [v6]:port}, or -1. */
    private static int portColon(String authority) {
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        return colon > close ? colon : -1;
    }

    /** An absent, empty or unreadable port is the scheme's default one. */
    private static int port(String authority, int colon, String scheme) {
        if (colon < 0 || colon == authority.length() - 1) {
            return defaultPort(scheme);
        }
        try {
            return Integer.parseInt(authority.substring(colon + 1));
        } catch (NumberFormatException e) {
            return defaultPort(scheme);
        }
    }

    boolean isSecure() {
        return scheme.equals("https");
    }

    /** {@code scheme://host[:port]}, the port left out when it is the default. */
    StringBuilder origin() {
        StringBuilder origin = new StringBuilder(64).append(scheme).append("://").append(host);
        if (port != defaultPort(scheme)) {
            origin.append(':').append(port);
        }
        return origin;
    }

    /** {@code HttpServletRequest.getRequestURL}: the origin and the (raw) request URI. */
    StringBuffer requestUrl(String requestURI) {
        return new StringBuffer(origin()).append(requestURI);
    }

    /**
     * Resolves a redirect location to an absolute URL (HttpServletResponse.sendRedirect). {@code currentPath} is the
     * canonical path of the current request, which a relative location is resolved against.
     */
    String absolute(String location, String currentPath) {
        if (hasScheme(location)) {
            return location;
        }
        if (location.startsWith("//")) {
            return scheme + ":" + location;
        }
        StringBuilder base = origin();
        if (location.startsWith("/")) {
            return base.append(location).toString();
        }
        // Relative to the canonical path, not the raw URI, whose "//evil.example/../" or ";x" would leak into it
        String current = UriPath.redirectLocation(currentPath, null);
        String directory = current.substring(0, current.lastIndexOf('/') + 1);
        return base.append(UriPath.removeDotSegments(directory + location)).toString();
    }

    private static boolean hasScheme(String location) {
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c == ':') {
                return i > 0;
            }
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.') || c > 0x7f) {
                return false;
            }
        }
        return false;
    }
}
