package dev.portico.servlet;

/**
 * One {@code url-pattern} of Servlet 6.1 §12.2, classified once so that matching a request needs no parsing: the
 * empty string (the context root), {@code /} (the default), {@code /path/*} (a prefix), {@code *.ext} (an
 * extension) or anything else starting with {@code /} (an exact path).
 */
record UrlPattern(String pattern, Kind kind, String value) {

    enum Kind { ROOT, DEFAULT, PREFIX, EXTENSION, EXACT }

    /** @throws IllegalArgumentException for a pattern §12.2 does not define */
    static UrlPattern parse(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("null url-pattern");
        }
        if (pattern.isEmpty()) {
            return new UrlPattern(pattern, Kind.ROOT, "");
        }
        if (pattern.equals("/")) {
            return new UrlPattern(pattern, Kind.DEFAULT, "/");
        }
        if (pattern.startsWith("*.")) {
            String ext = pattern.substring(2);
            if (ext.isEmpty() || ext.indexOf('/') >= 0 || ext.indexOf('*') >= 0) {
                throw new IllegalArgumentException("invalid url-pattern: " + pattern);
            }
            return new UrlPattern(pattern, Kind.EXTENSION, ext);
        }
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("invalid url-pattern (must start with / or *.): " + pattern);
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            if (prefix.indexOf('*') >= 0) {
                throw new IllegalArgumentException("invalid url-pattern: " + pattern);
            }
            return new UrlPattern(pattern, Kind.PREFIX, prefix);
        }
        return new UrlPattern(pattern, Kind.EXACT, pattern);
    }

    /** Whether a filter mapped to this pattern applies to the context-relative {@code path} (§6.2.4). */
    boolean matches(String path) {
        switch (kind) {
            case ROOT:
                return path.equals("/");
            case DEFAULT:
                return true;
            case PREFIX:
                return value.isEmpty() || path.startsWith(value)
                        && (path.length() == value.length() || path.charAt(value.length()) == '/');
            case EXTENSION:
                return hasExtension(path, value);
            default:
                return path.equals(value);
        }
    }

    static boolean hasExtension(String path, String ext) {
        int dot = path.length() - ext.length() - 1;
        return dot > path.lastIndexOf('/') && path.charAt(dot) == '.' && path.endsWith(ext);
    }
}
