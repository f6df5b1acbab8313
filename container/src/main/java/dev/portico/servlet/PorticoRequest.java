package dev.portico.servlet;

import dev.portico.http.RequestHead;
import dev.portico.server.Exchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;

/**
 * {@link HttpServletRequest} over a parsed {@link RequestHead}. What is costly is computed on first use only:
 * parameters (and the form body they may need), cookies, locales, the session. The path fields change while a
 * forward, error or async dispatch runs (Servlet 6.1 §9.4); the original values stay in the exchange. A facade: the
 * path fields are a {@link DispatchPath}, scheme, host and port an {@link Authority}, the headers (cookies, locales)
 * {@link RequestHeaders}, the session ids the client sent a {@link RequestedSession}, the body a {@link
 * RequestContent}, parameters and parts {@link RequestParameters}; the security and connection methods are
 * {@link UnauthenticatedRequest}'s and {@link ConnectionRequest}'s.
 */
final class PorticoRequest implements UnauthenticatedRequest, ConnectionRequest {
    private final RequestCycle cycle;
    private final Exchange exchange;
    private final RequestHead head;

    private final DispatchPath path;
    /**
     * The context path the client sees: a prefix the proxy removed ({@code X-Forwarded-Prefix}) and the app's
     * own. The request URI carries the same prefix, so requestURI = contextPath + servletPath + pathInfo holds.
     */
    private final String contextPath;
    /** False once a filter or servlet in the current chain does not support async (§2.3.3.3). */
    boolean asyncSupported = true;

    private final RequestAttributes attributes;
    private final RequestContent content;
    private final RequestHeaders headers;
    private final RequestParameters parameters;
    private final RequestedSession requestedSession;
    private Authority authority;

    PorticoRequest(RequestCycle cycle, Exchange exchange, ServletMapping mapping) {
        this.cycle = cycle;
        this.exchange = exchange;
        this.head = exchange.request();
        this.content = new RequestContent(cycle, exchange);
        this.attributes = new RequestAttributes(cycle.app, this);
        TlsAttributes.addTo(attributes, exchange.tlsSession());
        String prefix = exchange.origin().prefix();
        this.contextPath = prefix + cycle.app.contextPath;
        this.path = new DispatchPath(contextPath, attributes, prefix + head.path(), head.query(), mapping);
        this.headers = new RequestHeaders(head.headers());
        this.parameters = new RequestParameters(path, content);
        this.requestedSession = new RequestedSession(cycle, headers, head.path());
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    ServletMapping mapping() {
        return path.current().mapping();
    }

    // ---- dispatch state (§9.3, §9.4, §10.9.1, §2.3.3.3) ------------------------------------------------------

    /** The path fields the current dispatch sees; {@link Dispatcher} saves and restores them. */
    DispatchPath path() {
        return path;
    }

    /** An error or async dispatch: like a forward that does not return (§10.9.1, §2.3.3.3). */
    void enterDispatch(DispatcherType type, Dispatcher target) {
        path.enterDispatch(type, target);
    }

    /** Container-set attributes do not notify attribute listeners. */
    void putInternal(String name, Object value) {
        attributes.putInternal(name, value);
    }

    // ---- request line and paths -------------------------------------------------------------------------------

    @Override
    public String getMethod() {
        return head.method();
    }

    @Override
    public String getRequestURI() {
        return path.current().requestURI();
    }

    @Override
    public StringBuffer getRequestURL() {
        return authority().requestUrl(path.current().requestURI());
    }

    @Override
    public String getContextPath() {
        return contextPath;
    }

    @Override
    public String getServletPath() {
        return path.current().servletPath();
    }

    @Override
    public String getPathInfo() {
        return path.current().pathInfo();
    }

    @Override
    public String getPathTranslated() {
        return path.current().pathInfo() == null ? null : cycle.app.context.getRealPath(path.current().pathInfo());
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return path.current().mapping();
    }

    @Override
    public String getQueryString() {
        return path.current().queryString();
    }

    /** The version as the client sent it (as Tomcat and Jetty report it); an HTTP/1.x above 1.1 is served as 1.1. */
    @Override
    public String getProtocol() {
        return head.protocol();
    }

    @Override
    public String getScheme() {
        return authority().scheme();
    }

    @Override
    public boolean isSecure() {
        return authority().isSecure();
    }

    @Override
    public String getServerName() {
        return authority().host();
    }

    @Override
    public int getServerPort() {
        return authority().port();
    }

    /** The scheme, host and port the client addressed, read once per request. */
    Authority authority() {
        if (authority == null) {
            authority = Authority.of(head, exchange.origin(), exchange.localAddress());
        }
        return authority;
    }

    /** Resolves a redirect location to an absolute URL (HttpServletResponse.sendRedirect). */
    String absoluteUrl(String location) {
        return authority().absolute(location, contextPath + path.pathInContext());
    }

    // ---- headers ------------------------------------------------------------------------------------------

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return headers.all(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return headers.names();
    }

    @Override
    public int getIntHeader(String name) {
        return headers.intValue(name);
    }

    @Override
    public long getDateHeader(String name) {
        return headers.date(name);
    }

    @Override
    public Cookie[] getCookies() {
        return headers.cookiesForApp();
    }

    @Override
    public Locale getLocale() {
        return headers.locale();
    }

    @Override
    public Enumeration<Locale> getLocales() {
        return headers.localesForApp();
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
        return headers.get("Content-Type");
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

    // ---- parameters (§3.1) and parts --------------------------------------------------------------------------

    @Override
    public String getParameter(String name) {
        return parameters.get(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return parameters.names();
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters.values(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters.map();
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return parameters.parts();
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        return parameters.part(name);
    }

    // ---- attributes -------------------------------------------------------------------------------------------

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return attributes.names();
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.set(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    // ---- context, dispatch, async, upgrade --------------------------------------------------------------------

    @Override
    public ServletContext getServletContext() {
        return cycle.app.context;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return path.current().type();
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String target) {
        if (target == null) {
            return null;
        }
        return cycle.app.context.getRequestDispatcher(target.startsWith("/") ? target : path.resolve(target));
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

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws ServletException {
        return PorticoWebConnection.upgrade(cycle.app, exchange, handlerClass);
    }

    // ---- sessions (§7) ----------------------------------------------------------------------------------------

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public HttpSession getSession(boolean create) {
        return requestedSession.session(create);
    }

    /** §7.6: a request that carries a session id accesses its session, whether or not the app asks for it. */
    void joinRequestedSession() {
        requestedSession.joinIfCarried();
    }

    @Override
    public String changeSessionId() {
        return requestedSession.changeId();
    }

    @Override
    public String getRequestedSessionId() {
        return requestedSession.id();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return requestedSession.isValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return requestedSession.isFromCookie();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return requestedSession.isFromUrl();
    }

    @Override
    public String toString() {
        return head.toString();
    }
}
