package dev.portico.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;

/**
 * The path fields of a request as the current dispatch sees them, and their save and restore: a forward or include
 * changes them and puts them back when it returns (Servlet 6.1 §9.3, §9.4); an error or async dispatch changes them
 * for good (§10.9.1, §2.3.3.3). The container-set {@code jakarta.servlet.forward.*}, {@code include.*} and
 * {@code async.*} attributes are kept in the request's attributes.
 */
final class DispatchPath {
    static final String[] FORWARD_ATTRIBUTES = {RequestDispatcher.FORWARD_REQUEST_URI,
        RequestDispatcher.FORWARD_CONTEXT_PATH, RequestDispatcher.FORWARD_SERVLET_PATH,
        RequestDispatcher.FORWARD_PATH_INFO, RequestDispatcher.FORWARD_QUERY_STRING,
        RequestDispatcher.FORWARD_MAPPING};
    static final String[] INCLUDE_ATTRIBUTES = {RequestDispatcher.INCLUDE_REQUEST_URI,
        RequestDispatcher.INCLUDE_CONTEXT_PATH, RequestDispatcher.INCLUDE_SERVLET_PATH,
        RequestDispatcher.INCLUDE_PATH_INFO, RequestDispatcher.INCLUDE_QUERY_STRING,
        RequestDispatcher.INCLUDE_MAPPING};
    static final String[] ASYNC_ATTRIBUTES = {AsyncContext.ASYNC_REQUEST_URI, AsyncContext.ASYNC_CONTEXT_PATH,
        AsyncContext.ASYNC_SERVLET_PATH, AsyncContext.ASYNC_PATH_INFO, AsyncContext.ASYNC_QUERY_STRING,
        AsyncContext.ASYNC_MAPPING};

    private final String contextPath;
    private final RequestAttributes attributes;
    private State state;

    /**
     * The path fields at one moment; a dispatch replaces the whole value, so saving one is keeping a reference.
     * {@code parameters} are the query strings a dispatch added to the request's, or null while there is none.
     */
    record State(DispatcherType type, String requestURI, String servletPath, String pathInfo,
            String queryString, ServletMapping mapping, ParameterLayer parameters) {
        State of(DispatcherType newType) {
            return new State(newType, requestURI, servletPath, pathInfo, queryString, mapping, parameters);
        }

        State mappedTo(ServletMapping newMapping) {
            return new State(type, requestURI, newMapping.servletPath, newMapping.pathInfo, queryString, newMapping,
                    parameters);
        }

        /** The query's parameters over the current ones (§9.1.1: the new ones take precedence). */
        State withQueryParameters(String query) {
            return query == null ? this : new State(type, requestURI, servletPath, pathInfo, queryString, mapping,
                    new ParameterLayer(query, parameters));
        }
    }

    DispatchPath(String contextPath, RequestAttributes attributes, String requestURI, String queryString,
            ServletMapping mapping) {
        this.contextPath = contextPath;
        this.attributes = attributes;
        this.state = new State(DispatcherType.REQUEST, requestURI, mapping.servletPath, mapping.pathInfo, queryString,
                mapping, null);
    }

    /** The path fields the current dispatch sees. */
    State current() {
        return state;
    }

    /** The servlet path and path info: the current path inside the context. */
    String pathInContext() {
        return state.servletPath + (state.pathInfo == null ? "" : state.pathInfo);
    }

    /**
     * A path relative to the current one, made context-relative ({@code getRequestDispatcher}); inside an include,
     * relative to the included servlet's path (§9.1).
     */
    String resolve(String relative) {
        String current = pathInContext();
        if (state.type == DispatcherType.INCLUDE) {
            Object sp = attributes.get(RequestDispatcher.INCLUDE_SERVLET_PATH);
            Object pi = attributes.get(RequestDispatcher.INCLUDE_PATH_INFO);
            current = (sp == null ? "" : sp) + (pi == null ? "" : pi.toString());
        }
        return current.substring(0, current.lastIndexOf('/') + 1) + relative;
    }

    /** What a forward or include changes, to be put back when it returns. */
    record Saved(State state, String[] attributeNames, Object[] attributeValues) {
    }

    Saved enterForward(Dispatcher target) {
        Saved saved = save(FORWARD_ATTRIBUTES);
        state = state.of(DispatcherType.FORWARD);
        if (target.mapping != null) {
            // §9.4.2: the values seen by the first servlet, however many forwards follow
            if (attributes.get(RequestDispatcher.FORWARD_REQUEST_URI) == null) {
                setPathAttributes(FORWARD_ATTRIBUTES);
            }
            moveTo(target);
        }
        return saved;
    }

    Saved enterInclude(Dispatcher target) {
        Saved saved = save(INCLUDE_ATTRIBUTES);
        state = state.of(DispatcherType.INCLUDE);
        if (target.mapping != null) {
            // §9.3.1: the included servlet sees the caller's paths; its own are in the include.* attributes
            Object[] values = {contextPath + target.rawPath, contextPath, target.mapping.servletPath,
                target.mapping.pathInfo, target.query, target.mapping};
            for (int i = 0; i < INCLUDE_ATTRIBUTES.length; i++) {
                attributes.putInternal(INCLUDE_ATTRIBUTES[i], values[i]);
            }
            state = state.withQueryParameters(target.query);
        }
        return saved;
    }

    void restore(Saved saved) {
        state = saved.state;
        for (int i = 0; i < saved.attributeNames.length; i++) {
            attributes.putInternal(saved.attributeNames[i], saved.attributeValues[i]);
        }
    }

    /** An error or async dispatch: like a forward that does not return (§10.9.1, §2.3.3.3). */
    void enterDispatch(DispatcherType type, Dispatcher target) {
        if (type == DispatcherType.ASYNC) {
            setPathAttributes(ASYNC_ATTRIBUTES);
        }
        state = state.of(type);
        moveTo(target);
    }

    private void moveTo(Dispatcher target) {
        String query = target.query != null ? target.query : state.queryString;
        state = new State(state.type, contextPath + target.rawPath, state.servletPath, state.pathInfo, query,
                state.mapping, state.parameters).mappedTo(target.mapping).withQueryParameters(target.query);
    }

    private void setPathAttributes(String[] names) {
        Object[] values = {state.requestURI, contextPath, state.servletPath, state.pathInfo, state.queryString,
            state.mapping};
        for (int i = 0; i < names.length; i++) {
            attributes.putInternal(names[i], values[i]);
        }
    }

    private Saved save(String[] names) {
        Object[] values = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = attributes.get(names[i]);
        }
        return new Saved(state, names, values);
    }
}
