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

    DispatcherType type = DispatcherType.REQUEST;
    String requestURI;
    String servletPath;
    String pathInfo;
    String queryString;
    ServletMapping mapping;
    /** The query strings a dispatch added to the request's parameters, or null while there is none. */
    ParameterLayer parameters;

    DispatchPath(String contextPath, RequestAttributes attributes, String requestURI, String queryString,
            ServletMapping mapping) {
        this.contextPath = contextPath;
        this.attributes = attributes;
        this.requestURI = requestURI;
        this.queryString = queryString;
        setMapping(mapping);
    }

    void setMapping(ServletMapping mapping) {
        this.mapping = mapping;
        this.servletPath = mapping.servletPath;
        this.pathInfo = mapping.pathInfo;
    }

    /** The servlet path and path info: the current path inside the context. */
    String pathInContext() {
        return servletPath + (pathInfo == null ? "" : pathInfo);
    }

    /**
     * A path relative to the current one, made context-relative ({@code getRequestDispatcher}); inside an include,
     * relative to the included servlet's path (§9.1).
     */
    String resolve(String relative) {
        String current = pathInContext();
        if (type == DispatcherType.INCLUDE) {
            Object sp = attributes.get(RequestDispatcher.INCLUDE_SERVLET_PATH);
            Object pi = attributes.get(RequestDispatcher.INCLUDE_PATH_INFO);
            current = (sp == null ? "" : sp) + (pi == null ? "" : pi.toString());
        }
        return current.substring(0, current.lastIndexOf('/') + 1) + relative;
    }

    /** What a forward or include changes, to be put back when it returns. */
    static final class Saved {
        private final DispatcherType type;
        private final String requestURI;
        private final String servletPath;
        private final String pathInfo;
        private final String queryString;
        private final ServletMapping mapping;
        private final ParameterLayer parameters;
        private final String[] attributeNames;
        private final Object[] attributeValues;

        private Saved(DispatchPath path, String[] attributeNames, Object[] attributeValues) {
            type = path.type;
            requestURI = path.requestURI;
            servletPath = path.servletPath;
            pathInfo = path.pathInfo;
            queryString = path.queryString;
            mapping = path.mapping;
            parameters = path.parameters;
            this.attributeNames = attributeNames;
            this.attributeValues = attributeValues;
        }
    }

    Saved enterForward(Dispatcher target) {
        Saved saved = save(FORWARD_ATTRIBUTES);
        type = DispatcherType.FORWARD;
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
        type = DispatcherType.INCLUDE;
        if (target.mapping != null) {
            // §9.3.1: the included servlet sees the caller's paths; its own are in the include.* attributes
            Object[] values = {contextPath + target.rawPath, contextPath, target.mapping.servletPath,
                target.mapping.pathInfo, target.query, target.mapping};
            for (int i = 0; i < INCLUDE_ATTRIBUTES.length; i++) {
                attributes.putInternal(INCLUDE_ATTRIBUTES[i], values[i]);
            }
            if (target.query != null) {
                parameters = new ParameterLayer(target.query, parameters);
            }
        }
        return saved;
    }

    void restore(Saved saved) {
        type = saved.type;
        requestURI = saved.requestURI;
        servletPath = saved.servletPath;
        pathInfo = saved.pathInfo;
        queryString = saved.queryString;
        mapping = saved.mapping;
        parameters = saved.parameters;
        for (int i = 0; i < saved.attributeNames.length; i++) {
            attributes.putInternal(saved.attributeNames[i], saved.attributeValues[i]);
        }
    }

    /** An error or async dispatch: like a forward that does not return (§10.9.1, §2.3.3.3). */
    void enterDispatch(DispatcherType type, Dispatcher target) {
        if (type == DispatcherType.ASYNC) {
            setPathAttributes(ASYNC_ATTRIBUTES);
        }
        this.type = type;
        moveTo(target);
    }

    private void moveTo(Dispatcher target) {
        requestURI = contextPath + target.rawPath;
        queryString = target.query != null ? target.query : queryString;
        setMapping(target.mapping);
        if (target.query != null) {
            parameters = new ParameterLayer(target.query, parameters);
        }
    }

    private void setPathAttributes(String[] names) {
        Object[] values = {requestURI, contextPath, servletPath, pathInfo, queryString, mapping};
        for (int i = 0; i < names.length; i++) {
            attributes.putInternal(names[i], values[i]);
        }
    }

    private Saved save(String[] names) {
        Object[] values = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = attributes.get(names[i]);
        }
        return new Saved(this, names, values);
    }
}
