package dev.portico.servlet.statics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decoded request path split into the names it walks through. The container hands over an already-decoded path,
 * which is never decoded again (so {@code %252e%252e} is a file literally named {@code %2e%2e}).
 */
public final class PathSegments {
    private static final String[] NONE = new String[0];

    private PathSegments() {
    }

    /**
     * The non-empty segments of a decoded path, or null when the path is one we refuse to serve: {@code .} or
     * {@code ..} segments, backslashes (a separator on Windows), NUL and other control characters.
     */
    public static String[] parse(String path) {
        if (path == null) {
            return null;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return null;
            }
        }
        if (path.isEmpty() || path.equals("/")) {
            return NONE;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments.toArray(NONE);
    }

    /** The segments of {@code name} inside the directory {@code parent}. */
    public static String[] child(String[] parent, String name) {
        String[] child = Arrays.copyOf(parent, parent.length + 1);
        child[parent.length] = name;
        return child;
    }
}
