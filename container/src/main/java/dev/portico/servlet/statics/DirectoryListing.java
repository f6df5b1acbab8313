package dev.portico.servlet.statics;

import dev.portico.http.HtmlEscaper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A plain, escaped HTML index of a directory: subdirectories first, then files, each sorted by name. */
public final class DirectoryListing {
    private DirectoryListing() {
    }

    /**
     * The page for the directory {@code path} (as asked for, ending in "/") holding {@code names}, subdirectories
     * ending in "/"; {@code hasParent} adds a link to "../".
     */
    public static byte[] html(String path, List<String> names, boolean hasParent) {
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted, (a, b) -> {
            boolean dirA = a.endsWith("/");
            boolean dirB = b.endsWith("/");
            return dirA != dirB ? (dirA ? -1 : 1) : a.compareTo(b);
        });
        StringBuilder html = new StringBuilder(256 + 64 * sorted.size());
        String title = "Index of " + HtmlEscaper.escape(path);
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body><h1>").append(title).append("</h1>\n<ul>\n");
        if (hasParent) {
            html.append("<li><a href=\"../\">../</a></li>\n");
        }
        for (String name : sorted) {
            boolean dir = name.endsWith("/");
            String bare = dir ? name.substring(0, name.length() - 1) : name;
            html.append("<li><a href=\"./").append(HtmlEscaper.escape(encodeSegment(bare))).append(dir ? "/" : "")
                    .append("\">").append(HtmlEscaper.escape(name)).append("</a></li>\n");
        }
        html.append("</ul>\n</body></html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Percent-encodes all but RFC 3986 unreserved characters, so any file name is one safe path segment. */
    static String encodeSegment(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
