package dev.portico.servlet;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The parameters a dispatch path's query string adds in front of the current ones (Servlet 6.1 §9.1.1), merged
 * lazily: a forward that nobody asks parameters of costs nothing.
 */
final class ParameterLayer {
    private final String query;
    private final ParameterLayer parent;
    private Map<String, String[]> map;

    ParameterLayer(String query, ParameterLayer parent) {
        this.query = query;
        this.parent = parent;
    }

    Map<String, String[]> map(RequestContent content) {
        if (map == null) {
            Map<String, String[]> below = parent != null ? parent.map(content) : content.parameters();
            // the app wrote this query in a Java string: non-ASCII characters in it stand for their UTF-8 bytes
            byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
            // written by the app, not the client: no parameter limit applies to it
            Map<String, String[]> added = new FormDecoder(-1).decode(bytes, bytes.length, content.queryCharset())
                    .toMap();
            map = FormDecoder.merge(added, below);
        }
        return map;
    }
}
