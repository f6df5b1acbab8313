package dev.portico.servlet;

import jakarta.servlet.http.MappingMatch;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps a context-relative path to a servlet by the rules of Servlet 6.1 §12.1, first match wins: the context root
 * ({@code ""}), an exact path, the longest {@code /prefix/*}, an extension {@code *.ext}, then the default
 * ({@code /}). Built once when the context starts; lookups are hash probes, one per path segment at most.
 */
final class ServletMapper {
    private final Map<String, ServletHolder> exact = new HashMap<>();
    private final Map<String, ServletHolder> prefix = new HashMap<>();
    private final Map<String, ServletHolder> extension = new HashMap<>();
    private ServletHolder root;
    private ServletHolder defaultServlet;
    private final ServletHolder fallback;

    /** @param fallback answers paths no mapping covers (a 404 unless the app maps {@code /}) */
    ServletMapper(ServletHolder fallback) {
        this.fallback = fallback;
    }

    /** Adds a mapping; returns false if the pattern is already taken by another servlet. */
    boolean add(UrlPattern pattern, ServletHolder servlet) {
        switch (pattern.kind()) {
            case ROOT:
                if (root != null && root != servlet) {
                    return false;
                }
                root = servlet;
                return true;
            case DEFAULT:
                if (defaultServlet != null && defaultServlet != servlet) {
                    return false;
                }
                defaultServlet = servlet;
                return true;
            case PREFIX:
                return putIfFree(prefix, pattern.value(), servlet);
            case EXTENSION:
                return putIfFree(extension, pattern.value(), servlet);
            default:
                return putIfFree(exact, pattern.value(), servlet);
        }
    }

    private static boolean putIfFree(Map<String, ServletHolder> map, String key, ServletHolder servlet) {
        ServletHolder present = map.putIfAbsent(key, servlet);
        return present == null || present == servlet;
    }

    /** Whether the pattern is mapped to some servlet other than {@code servlet}. */
    boolean isTakenByOther(UrlPattern pattern, ServletHolder servlet) {
        ServletHolder present;
        switch (pattern.kind()) {
            case ROOT:
                present = root;
                break;
            case DEFAULT:
                present = defaultServlet;
                break;
            case PREFIX:
                present = prefix.get(pattern.value());
                break;
            case EXTENSION:
                present = extension.get(pattern.value());
                break;
            default:
                present = exact.get(pattern.value());
        }
        return present != null && present != servlet;
    }

    /** Maps a canonical context-relative path (starting with {@code /}). Never null. */
    ServletMapping map(String path) {
        if (root != null && path.equals("/")) {
            return new ServletMapping(root, "", "/", MappingMatch.CONTEXT_ROOT, "");
        }
        ServletHolder servlet = exact.get(path);
        if (servlet != null) {
            return new ServletMapping(servlet, path, null, MappingMatch.EXACT, path);
        }
        if (!prefix.isEmpty()) {
            String candidate = path;
            while (true) {
                servlet = prefix.get(candidate);
                if (servlet != null) {
                    String pathInfo = candidate.length() == path.length() ? null : path.substring(candidate.length());
                    return new ServletMapping(servlet, candidate, pathInfo, MappingMatch.PATH, candidate + "/*");
                }
                if (candidate.isEmpty()) {
                    break;
                }
                candidate = candidate.substring(0, candidate.lastIndexOf('/'));
            }
        }
        if (!extension.isEmpty()) {
            int slash = path.lastIndexOf('/');
            int dot = path.lastIndexOf('.');
            if (dot > slash) {
                String ext = path.substring(dot + 1);
                servlet = extension.get(ext);
                if (servlet != null) {
                    return new ServletMapping(servlet, path, null, MappingMatch.EXTENSION, "*." + ext);
                }
            }
        }
        return new ServletMapping(defaultServlet != null ? defaultServlet : fallback, path, null,
                MappingMatch.DEFAULT, "/");
    }

    /** True when {@code path} would only reach the default servlet (or the fallback). */
    boolean isDefault(ServletMapping mapping) {
        return mapping.getMappingMatch() == MappingMatch.DEFAULT;
    }
}
