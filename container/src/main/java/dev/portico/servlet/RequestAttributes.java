package dev.portico.servlet;

import jakarta.servlet.ServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of one request. What the app sets is told to the request attribute listeners (Servlet 6.1
 * §11.2); what the container sets (dispatch paths, error details) is not. The map is made on the first attribute.
 */
final class RequestAttributes {
    private final WebApp app;
    private final ServletRequest request;
    private Map<String, Object> values;

    RequestAttributes(WebApp app, ServletRequest request) {
        this.app = app;
        this.request = request;
    }

    Object get(String name) {
        return values == null ? null : values.get(name);
    }

    Enumeration<String> names() {
        return values == null ? Collections.emptyEnumeration() : Collections.enumeration(List.copyOf(values.keySet()));
    }

    void set(String name, Object value) {
        if (name == null) {
            throw new IllegalArgumentException("attribute name must not be null");
        }
        if (value == null) {
            remove(name);
            return;
        }
        Object old = map().put(name, value);
        if (old == null) {
            app.listeners.requestAttributeAdded(app.context, request, name, value);
        } else {
            app.listeners.requestAttributeReplaced(app.context, request, name, old);
        }
    }

    void remove(String name) {
        Object old = values == null ? null : values.remove(name);
        if (old != null) {
            app.listeners.requestAttributeRemoved(app.context, request, name, old);
        }
    }

    /** A container-set attribute: no listener is told; a null value removes it. */
    void putInternal(String name, Object value) {
        if (value == null) {
            if (values != null) {
                values.remove(name);
            }
        } else {
            map().put(name, value);
        }
    }

    private Map<String, Object> map() {
        if (values == null) {
            values = new HashMap<>();
        }
        return values;
    }
}
