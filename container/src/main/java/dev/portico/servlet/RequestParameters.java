package dev.portico.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * The named values a request carries (Servlet 6.1 §3.1): the parameters of the query string and the form body —
 * reading them the first time is what makes {@link RequestContent} read and decode the body — with those of the
 * current forward or include in front (§9.1.1), and the parts of a multipart body.
 */
final class RequestParameters {
    private final DispatchPath path;
    private final RequestContent content;

    RequestParameters(DispatchPath path, RequestContent content) {
        this.path = path;
        this.content = content;
    }

    String get(String name) {
        String[] values = map().get(name);
        return values == null ? null : values[0];
    }

    Enumeration<String> names() {
        return Collections.enumeration(map().keySet());
    }

    /** A copy: the app may change it without changing what the next caller sees. */
    String[] values(String name) {
        String[] values = map().get(name);
        return values == null ? null : values.clone();
    }

    Map<String, String[]> map() {
        ParameterLayer layer = path.current().parameters();
        return layer != null ? layer.map(content) : content.parameters();
    }

    Collection<Part> parts() throws IOException, ServletException {
        return content.parts();
    }

    Part part(String name) throws IOException, ServletException {
        for (Part part : content.parts()) {
            if (part.getName().equals(name)) {
                return part;
            }
        }
        return null;
    }
}
