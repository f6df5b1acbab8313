package dev.portico.servlet;

import dev.portico.http.HttpDate;
import dev.portico.http.RequestHead;
import dev.portico.server.Exchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link HttpServletRequest} over a parsed {@link RequestHead}. What is costly is computed on first use only:
 * parameters (and the form body they may need), cookies, locales, the session. The path fields change while a
 * forward, error or async dispatch runs (Servlet 6.1 §9.4); the original values stay in the exchange.
 */
final class PorticoRequest implements HttpServletRequest {
    private final RequestCycle cycle;
    private final Exchange exchange;
    private final RequestHead head;

    DispatcherType dispatcherType = DispatcherType.REQUEST;
    private String requestURI;
    private String servletPath;
    private String pathInfo;
    private String queryString;
    private ServletMapping mapping;
    /** False once a filter or servlet in the current chain does not support async (§2.3.3.3). */
    boolean asyncSupported = true;

    private Map<String, Object> attributes;
    private final RequestContent content;
    private ParameterLayer parameterLayer;
    private Cookie[] cookies;
    private List<Locale> locales;

    private SessionImpl session;
    private String requestedSessionId;
    private boolean requestedSessionIdResolved;

    PorticoRequest(RequestCycle cycle, Exchange exchange, ServletMapping mapping) {
        this.cycle = cycle;
        this.exchange = exchange;
        this.head = exchange.request();
        this.content = new RequestContent(cycle, exchange);
        this.requestURI = head.path();
        this.queryString = head.query();
        setMapping(mapping);
    }

    private WebApp app() {
        return cycle.app;
    }

    void setMapping(ServletMapping mapping) {
        this.mapping = mapping;
        this.servletPath = mapping.servletPath;
        this.pathInfo = mapping.pathInfo;
    }

    ServletMapping mapping() {
        return mapping;
    }

    // ---- dispatch state (§9.3, §9.4, §10.9.1, §2.3.3.3) ------------------------------------------------------

    /** What a forward or include changes, to be put back when it returns. */
    static final class Saved {
        final DispatcherType type;
        final String requestURI;
        final String servletPath;
        final String pathInfo;
        final String queryString;
        final ServletMapping mapping;
        final ParameterLayer parameters;
        final Object[] attributes;

        Saved(PorticoRequest r, Object[] attributes) {
            type = r.dispatcherType;
            requestURI = r.requestURI;
            servletPath = r.servletPath;
            pathInfo = r.pathInfo;
            queryString = r.queryString;
            mapping = r.mapping;
            parameters = r.parameterLayer;
            this.attributes = attributes;
        }
    }

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

    Saved enterForward(Dispatcher target) {
        Saved saved = new Saved(this, snapshot(FORWARD_ATTRIBUTES));
        dispatcherType = DispatcherType.FORWARD;
        if (target.mapping != null) {
            // §9.4.2: the values seen by the first servlet, however many forwards follow
            if (getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) == null) {
                setPathAttributes(FORWARD_ATTRIBUTES);
            }
            moveTo(target);
        }
        return saved;
    }

    Saved enterInclude(Dispatcher target) {
        Saved saved = new Saved(this, snapshot(INCLUDE_ATTRIBUTES));
        dispatcherType = DispatcherType.INCLUDE;
        if (target.mapping != null) {
            // §9.3.1: the included servlet sees the caller's paths; its own are in the include.* attributes
            Object[] values = {app().contextPath + target.rawPath, app().contextPath, target.mapping.servletPath,
                target.mapping.pathInfo, target.query, target.mapping};
            for (int i = 0; i < INCLUDE_ATTRIBUTES.length; i++) {
                putInternal(INCLUDE_ATTRIBUTES[i], values[i]);
            }
            if (target.query != null) {
                parameterLayer = new ParameterLayer(target.query, parameterLayer);
            }
        }
        return saved;
    }

    void restore(Saved saved, String[] attributeNames) {
        dispatcherType = saved.type;
        requestURI = saved.requestURI;
        servletPath = saved.servletPath;
        pathInfo = saved.pathInfo;
        queryString = saved.queryString;
        mapping = saved.mapping;
        parameterLayer = saved.parameters;
        for (int i = 0; i < attributeNames.length; i++) {
            putInternal(attributeNames[i], saved.attributes[i]);
        }
    }

    /** An error or async dispatch: like a forward that does not return (§10.9.1, §2.3.3.3). */
    void enterDispatch(DispatcherType type, Dispatcher target) {
        if (type == DispatcherType.ASYNC) {
            setPathAttributes(ASYNC_ATTRIBUTES);
        }
        dispatcherType = type;
        moveTo(target);
    }

    private void moveTo(Dispatcher target) {
        requestURI = app().contextPath + target.rawPath;
        queryString = target.query != null ? target.query : queryString;
        setMapping(target.mapping);
        if (target.query != null) {
            parameterLayer = new ParameterLayer(target.query, parameterLayer);
        }
    }

    private void setPathAttributes(String[] names) {
        Object[] values = {requestURI, app().contextPath, servletPath, pathInfo, queryString, mapping};
        for (int i = 0; i < names.length; i++) {
            putInternal(names[i], values[i]);
        }
    }

    private Object[] snapshot(String[] names) {
        Object[] values = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = attributes == null ? null : attributes.get(names[i]);
        }
        return values;
    }

    /** Container-set attributes do not notify attribute listeners. */
    void putInternal(String name, Object value) {
        if (value == null) {
            if (attributes != null) {
                attributes.remove(name);
            }
        } else {
            if (attributes == null) {
                attributes = new HashMap<>();
            }
            attributes.put(name, value);
        }
    }

    // ---- request line and paths -------------------------------------------------------------------------------

    @Override
    public String getMethod() {
        return head.method();
    }

    @Override
    public String getRequestURI() {
        return requestURI;
    }

    @Override
    public StringBuffer getRequestURL() {
        StringBuffer url = new StringBuffer(64);
        url.append(getScheme()).append("://").append(getServerName());
        int port = getServerPort();
        if (port != 80) {
            url.append(':').append(port);
        }
        return url.append(requestURI);
    }

    @Override
    public String getContextPath() {
        return app().contextPath;
    }

    @Override
    public String getServletPath() {
        return servletPath;
    }

    @Override
    public String getPathInfo() {
        return pathInfo;
    }

    @Override
    public String getPathTranslated() {
        return pathInfo == null ? null : app().context.getRealPath(pathInfo);
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return mapping;
    }

    @Override
    public String getQueryString() {
        return queryString;
    }

    /** The version as the client sent it (as Tomcat and Jetty report it); an HTTP/1.x above 1.1 is served as 1.1. */
    @Override
    public String getProtocol() {
        return head.protocol();
    }

    @Override
    public String getScheme() {
        return "http";
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public String getServerName() {
        String authority = head.authority();
        if (authority == null || authority.isEmpty()) {
            return exchange.localAddress().getHostString();
        }
        int colon = portColon(authority);
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    @Override
    public int getServerPort() {
        String authority = head.authority();
        if (authority == null || authority.isEmpty()) {
            return exchange.localAddress().getPort();
        }
        int colon = portColon(authority);
        if (colon < 0 || colon == authority.length() - 1) {
            return 80;
        }
        try {
            return Integer.parseInt(authority.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** The colon before the port in {@code host:port} or {@code [v6]:port}, or -1. */
    private static int portColon(String authority) {
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        return colon > close ? colon : -1;
    }

    /** Resolves a redirect location to an absolute URL (HttpServletResponse.sendRedirect). */
    String absoluteUrl(String location) {
        if (hasScheme(location)) {
            return location;
        }
        if (location.startsWith("//")) {
            return getScheme() + ":" + location;
        }
        StringBuilder base = new StringBuilder(getScheme()).append("://").append(getServerName());
        if (getServerPort() != 80) {
            base.append(':').append(getServerPort());
        }
        if (location.startsWith("/")) {
            return base.append(location).toString();
        }
        // Relative to the canonical path, not the raw URI, whose "//evil.example/../" or ";x" would leak into it
        String current = UriPath.redirectLocation(app().contextPath + servletPath + (pathInfo == null ? "" : pathInfo),
                null);
        String directory = current.substring(0, current.lastIndexOf('/') + 1);
        return base.append(UriPath.removeDotSegments(directory + location)).toString();
    }

    private static boolean hasScheme(String location) {
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c == ':') {
                return i > 0;
            }
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.') || c > 0x7f) {
                return false;
            }
        }
        return false;
    }

    // ---- headers ------------------------------------------------------------------------------------------

    @Override
    public String getHeader(String name) {
        return head.headers().get(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(head.headers().getAll(name));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(head.headers().names());
    }

    @Override
    public int getIntHeader(String name) {
        String value = head.headers().get(name);
        return value == null ? -1 : Integer.parseInt(value.trim());
    }

    @Override
    public long getDateHeader(String name) {
        String value = head.headers().get(name);
        if (value == null) {
            return -1;
        }
        long date = HttpDate.parse(value);
        if (date < 0) {
            throw new IllegalArgumentException("header " + name + " is not an HTTP date: " + value);
        }
        return date;
    }

    @Override
    public Cookie[] getCookies() {
        if (cookies == null) {
            cookies = Cookies.parse(head.headers().getAll("Cookie"));
        }
        return cookies.length == 0 ? null : cookies.clone();
    }

    @Override
    public Locale getLocale() {
        List<Locale> list = locales();
        return list.isEmpty() ? Locale.getDefault() : list.get(0);
    }

    @Override
    public Enumeration<Locale> getLocales() {
        List<Locale> list = locales();
        return Collections.enumeration(list.isEmpty() ? List.of(Locale.getDefault()) : list);
    }

    private List<Locale> locales() {
        if (locales == null) {
            locales = HeaderValues.locales(head.headers().getAll("Accept-Language"));
        }
        return locales;
    }

    @Override
    public Map<String, String> getTrailerFields() {
        return content.trailerFields();
    }

    @Override
    public boolean isTrailerFieldsReady() {
        return content.isTrailerFieldsReady();
    }

    // ---- body -------------------------------------------------------------------------------------------------

    @Override
    public String getCharacterEncoding() {
        return content.characterEncoding();
    }

    @Override
    public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
        content.characterEncoding(encoding);
    }

    @Override
    public int getContentLength() {
        long length = head.contentLength();
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    @Override
    public long getContentLengthLong() {
        return head.contentLength();
    }

    @Override
    public String getContentType() {
        return head.headers().get("Content-Type");
    }

    @Override
    public ServletInputStream getInputStream() {
        return content.inputStream();
    }

    RequestContent content() {
        return content;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        return content.reader();
    }

    // ---- parameters (§3.1) ------------------------------------------------------------------------------------

    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters();
    }

    private Map<String, String[]> parameters() {
        return parameterLayer != null ? parameterLayer.map(content) : content.parameters();
    }

    // ---- attributes -------------------------------------------------------------------------------------------

    @Override
    public Object getAttribute(String name) {
        return attributes == null ? null : attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return attributes == null ? Collections.emptyEnumeration()
                : Collections.enumeration(List.copyOf(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (name == null) {
            throw new IllegalArgumentException("attribute name must not be null");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        Object old = attributes.put(name, value);
        if (old == null) {
            app().listeners.requestAttributeAdded(app().context, this, name, value);
        } else {
            app().listeners.requestAttributeReplaced(app().context, this, name, old);
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes == null ? null : attributes.remove(name);
        if (old != null) {
            app().listeners.requestAttributeRemoved(app().context, this, name, old);
        }
    }

    // ---- connection -------------------------------------------------------------------------------------------

    @Override
    public String getRemoteAddr() {
        InetSocketAddress remote = exchange.remoteAddress();
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /** No reverse DNS lookup: the address is the answer the javadoc allows when the name is not resolved. */
    @Override
    public String getRemoteHost() {
        return getRemoteAddr();
    }

    @Override
    public int getRemotePort() {
        return exchange.remoteAddress().getPort();
    }

    @Override
    public String getLocalName() {
        return exchange.localAddress().getHostString();
    }

    @Override
    public String getLocalAddr() {
        InetSocketAddress local = exchange.localAddress();
        return local.getAddress() != null ? local.getAddress().getHostAddress() : local.getHostString();
    }

    @Override
    public int getLocalPort() {
        return exchange.localAddress().getPort();
    }

    @Override
    public String getRequestId() {
        return exchange.connectionId() + "-" + exchange.requestNumber();
    }

    /** HTTP/1.x has no protocol-level request id. */
    @Override
    public String getProtocolRequestId() {
        return "";
    }

    @Override
    public ServletConnection getServletConnection() {
        String protocol = head.version() == dev.portico.http.HttpVersion.HTTP_1_0 ? "http/1.0" : "http/1.1";
        String id = exchange.connectionId();
        return new ServletConnection() {
            @Override
            public String getConnectionId() {
                return id;
            }

            @Override
            public String getProtocol() {
                return protocol;
            }

            @Override
            public String getProtocolConnectionId() {
                return "";
            }

            @Override
            public boolean isSecure() {
                return false;
            }
        };
    }

    // ---- context, dispatch, async -----------------------------------------------------------------------------

    @Override
    public ServletContext getServletContext() {
        return app().context;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return dispatcherType;
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null) {
            return null;
        }
        if (!path.startsWith("/")) {
            String current = servletPath + (pathInfo == null ? "" : pathInfo);
            if (dispatcherType == DispatcherType.INCLUDE) {
                Object sp = getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
                Object pi = getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
                current = (sp == null ? "" : sp) + (pi == null ? "" : pi.toString());
            }
            path = current.substring(0, current.lastIndexOf('/') + 1) + path;
        }
        return app().context.getRequestDispatcher(path);
    }

    @Override
    public AsyncContext startAsync() {
        return cycle.async.startAsync(this, cycle.response, true);
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return cycle.async.startAsync(request, response, false);
    }

    @Override
    public boolean isAsyncStarted() {
        return cycle.async.isAsyncStarted();
    }

    @Override
    public boolean isAsyncSupported() {
        return asyncSupported;
    }

    @Override
    public AsyncContext getAsyncContext() {
        return cycle.async.asyncContext();
    }

    // ---- sessions (§7) ----------------------------------------------------------------------------------------

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public HttpSession getSession(boolean create) {
        SessionImpl s = session;
        if (s != null && s.isValid() && s.manager() == app().sessions) {
            return s;
        }
        session = null;
        s = app().sessions.find(requestedSessionIds(), cycle);
        if (s == null) {
            if (!create) {
                return null;
            }
            if (cycle.response.isCommitted()) {
                throw new IllegalStateException("cannot create a session after the response was committed");
            }
            s = app().sessions.create(cycle);
        }
        session = s;
        return s;
    }

    /**
     * §7.6: "the session is considered to be accessed when a request that is part of the session is first handled
     * by the servlet container" — whether or not the app asks for it (a request for a static file keeps the session
     * alive and moves its last accessed time too). Only a request that carries an id can be part of one.
     */
    void joinRequestedSession() {
        if (head.headers().get("Cookie") != null || head.path().indexOf(';') >= 0) {
            getSession(false);
        }
    }

    @Override
    public String changeSessionId() {
        HttpSession s = getSession(false);
        if (s == null) {
            throw new IllegalStateException("changeSessionId: the request has no session");
        }
        return app().sessions.changeId((SessionImpl) s, cycle);
    }

    /**
     * The session ids the client sent: each session cookie (§7.1.1), then a {@code ;jsessionid=} path parameter
     * (§7.1.3, URL rewriting: the client has no cookies, and links carry the id).
     */
    private List<String> requestedSessionIds() {
        String name = app().sessions.cookieConfig.getName();
        List<String> ids = new java.util.ArrayList<>(1);
        if (cookies == null) {
            cookies = Cookies.parse(head.headers().getAll("Cookie"));
        }
        if (app().sessions.tracksBy(SessionTrackingMode.COOKIE)) {
            for (Cookie c : cookies) {
                if (c.getName().equals(name)) {
                    ids.add(c.getValue());
                }
            }
        }
        String fromUrl = urlSessionId();
        if (fromUrl != null && !ids.contains(fromUrl)) {
            ids.add(fromUrl);
        }
        return ids;
    }

    private String urlSessionId() {
        if (!app().sessions.tracksBy(SessionTrackingMode.URL)) {
            return null;
        }
        String id = UriPath.pathParameter(head.path(), SessionManager.URL_PARAMETER);
        return id == null || id.isEmpty() ? null : id;
    }

    @Override
    public String getRequestedSessionId() {
        if (!requestedSessionIdResolved) {
            requestedSessionIdResolved = true;
            List<String> ids = requestedSessionIds();
            for (String id : ids) {
                if (app().sessions.isValid(id)) {
                    requestedSessionId = id;
                    return id;
                }
            }
            requestedSessionId = ids.isEmpty() ? null : ids.get(0);
        }
        return requestedSessionId;
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        String id = getRequestedSessionId();
        return id != null && app().sessions.isValid(id);
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        String id = getRequestedSessionId();
        if (id == null) {
            return false;
        }
        String name = app().sessions.cookieConfig.getName();
        for (Cookie c : cookies) {
            if (c.getName().equals(name) && c.getValue().equals(id)
                    && app().sessions.tracksBy(SessionTrackingMode.COOKIE)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        String id = getRequestedSessionId();
        return id != null && id.equals(urlSessionId());
    }

    // ---- security: Portico has no login configuration, so no request is ever authenticated ------------------

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) {
        throw new UnsupportedOperationException("HttpServletRequest.authenticate is not supported by Portico");
    }

    @Override
    public void login(String username, String password) {
        throw new UnsupportedOperationException("HttpServletRequest.login is not supported by Portico");
    }

    /** Nobody is ever logged in, so there is no identity to forget. */
    @Override
    public void logout() {
    }

    // ---- multipart and upgrade --------------------------------------------------------------------------------

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return content.parts();
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        for (Part part : content.parts()) {
            if (part.getName().equals(name)) {
                return part;
            }
        }
        return null;
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws ServletException {
        return UpgradeWebConnection.upgrade(cycle.app, exchange, handlerClass);
    }

    @Override
    public String toString() {
        return head.toString();
    }
}
