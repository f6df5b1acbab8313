package dev.portico.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.io.IOException;

/**
 * A {@link RequestDispatcher} to a path (with an optional query) or, when obtained by name, to a servlet
 * (Servlet 6.1 §9). Forward replaces the response and leaves it committed and closed; include adds to it and may
 * not touch its head.
 */
final class Dispatcher implements RequestDispatcher {
    final WebApp app;
    /** The target mapping, or null for a named dispatcher. */
    final ServletMapping mapping;
    /** The context-relative path as given (encoded form, for request URIs). */
    final String rawPath;
    final String query;
    private final ServletHolder named;

    Dispatcher(WebApp app, ServletMapping mapping, String rawPath, String query) {
        this.app = app;
        this.mapping = mapping;
        this.rawPath = rawPath;
        this.query = query;
        this.named = null;
    }

    Dispatcher(WebApp app, ServletHolder named) {
        this.app = app;
        this.mapping = null;
        this.rawPath = null;
        this.query = null;
        this.named = named;
    }

    /** A dispatcher for a context-relative path with optional query, or null when the path is not usable. */
    static Dispatcher forPath(WebApp app, String pathWithQuery) {
        String path = pathWithQuery;
        String query = null;
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        String canonical = UriPath.canonicalize(path);
        if (canonical == null) {
            return null;
        }
        return new Dispatcher(app, app.map(canonical), UriPath.removeDotSegments(UriPath.encodePath(path)), query);
    }

    ServletHolder servlet() {
        return mapping != null ? mapping.servlet : named;
    }

    @Override
    public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        PorticoRequest base = unwrap(request);
        PorticoResponse baseResponse = unwrap(response);
        if (baseResponse.isCommitted()) {
            throw new IllegalStateException("forward after the response was committed");
        }
        baseResponse.resetBuffer();
        DispatchPath.Saved saved = base.path().enterForward(this);
        int includeDepth = baseResponse.includeDepth;
        baseResponse.includeDepth = 0;
        try {
            app.invoke(request, response, base, this, DispatcherType.FORWARD);
        } finally {
            baseResponse.includeDepth = includeDepth;
            base.path().restore(saved);
        }
        // §9.4: the forward's response is complete when it returns, unless the target went async
        if (!base.isAsyncStarted() && !baseResponse.errorPending()) {
            baseResponse.closeOutput();
        }
    }

    @Override
    public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        PorticoRequest base = unwrap(request);
        PorticoResponse baseResponse = unwrap(response);
        DispatchPath.Saved saved = base.path().enterInclude(this);
        baseResponse.includeDepth++;
        try {
            app.invoke(request, response, base, this, DispatcherType.INCLUDE);
        } finally {
            baseResponse.includeDepth--;
            base.path().restore(saved);
        }
    }

    static PorticoRequest unwrap(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper w) {
            r = w.getRequest();
        }
        if (r instanceof PorticoRequest p) {
            return p;
        }
        throw new IllegalArgumentException("not a request of this container (or a wrapper of one): " + request);
    }

    static PorticoResponse unwrap(ServletResponse response) {
        ServletResponse r = response;
        while (r instanceof ServletResponseWrapper w) {
            r = w.getResponse();
        }
        if (r instanceof PorticoResponse p) {
            return p;
        }
        throw new IllegalArgumentException("not a response of this container (or a wrapper of one): " + response);
    }
}
