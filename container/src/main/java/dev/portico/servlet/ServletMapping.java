package dev.portico.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.MappingMatch;

/**
 * The outcome of mapping a path to a servlet (§12.2): which servlet, and how the path splits into servlet path and
 * path info. Doubles as the immutable {@link HttpServletMapping} the request hands out.
 */
final class ServletMapping implements HttpServletMapping {
    final ServletHolder servlet;
    final String servletPath;
    final String pathInfo;
    private final MappingMatch match;
    private final String pattern;

    ServletMapping(ServletHolder servlet, String servletPath, String pathInfo, MappingMatch match, String pattern) {
        this.servlet = servlet;
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
        this.match = match;
        this.pattern = pattern;
    }

    /** The context-relative path that was mapped. */
    String path() {
        return pathInfo == null ? servletPath : servletPath + pathInfo;
    }

    @Override
    public String getMatchValue() {
        switch (match) {
            case EXACT:
                return servletPath.substring(1);
            case PATH:
                return pathInfo == null ? "" : pathInfo.substring(1);
            case EXTENSION: {
                int dot = servletPath.lastIndexOf('.');
                return servletPath.substring(1, dot);
            }
            default:
                return "";
        }
    }

    @Override
    public String getPattern() {
        return pattern;
    }

    @Override
    public String getServletName() {
        return servlet.getName();
    }

    @Override
    public MappingMatch getMappingMatch() {
        return match;
    }

    @Override
    public String toString() {
        return "ServletMapping[" + pattern + " -> " + servlet.getName() + ", servletPath=" + servletPath
                + ", pathInfo=" + pathInfo + "]";
    }
}
