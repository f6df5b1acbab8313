package dev.portico.servlet;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link HttpServletRequest} over a parsed {@link RequestHead}. What is costly is computed on first use only:
 * parameters (and the form body they may need), cookies, locales, the session. The path fields change while a
 * forward, error or async dispatch runs (Servlet 6.1 §9.4); the original values stay in the exchange. A facade: the
 * path fields are a {@link DispatchPath}, scheme, host and port an {@link Authority}, the session ids the client sent
 * a {@link RequestedSession}, the body and parameters a {@link RequestContent}.
 */
final class PorticoRequest implements HttpServletRequest {
    private final RequestCycle cycle;
    private final Exchange exchange;
    private final RequestHead head;

    private final DispatchPath path;
    /** False once a filter or servlet in the current chain does not support async (§2.3.3.3). */
    boolean asyncSupported = true;

    private final RequestAttributes attributes;
    private final RequestContent content;
    private Cookie[] cookies;
    private List<Locale> locales;
    private Authority authority;

    private RequestedSession requestedSession;

    PorticoRequest(RequestCycle cycle, Exchange exchange, ServletMapping mapping) {
        this.cycle = cycle;
        this.exchange = exchange;
        this.head = exchange.request();
        this.content = new RequestContent(cycle, exchange);
        this.attributes = new RequestAttributes(cycle.app, this);
        this.path = new DispatchPath(cycle.app.contextPath, attributes, head.path(), head.query(), mapping);
    }

    private WebApp app() {
        return cycle.app;
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
        return app().contextPath;
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
        return path.current().pathInfo() == null ? null : app().context.getRealPath(path.current().pathInfo());
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
            authority = Authority.of(head, exchange.localAddress());
        }
        return authority;
    }

    /** Resolves a redirect location to an absolute URL (HttpServletResponse.sendRedirect). */
    String absoluteUrl(String location) {
        return authority().absolute(location, app().contextPath + path.pathInContext());
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
        return HeaderValues.date(name, head.headers().get(name));
    }

    @Override
    public Cookie[] getCookies() {
        Cookie[] parsed = cookies();
        return parsed.length == 0 ? null : parsed.clone();
    }

    /** The Cookie headers, parsed once for both the app and the session lookup. */
    private Cookie[] cookies() {
        if (cookies == null) {
            cookies = Cookies.parse(head.headers().getAll("Cookie"));
        }
        return cookies;
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
        return path.current().parameters() != null ? path.current().parameters().map(content) : content.parameters();
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

    // ---- connection -------------------------------------------------------------------------------------------

    @Override
    public String getRemoteAddr() {
        return hostAddress(exchange.remoteAddress());
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
        return hostAddress(exchange.localAddress());
    }

    private static String hostAddress(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
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
        return new PorticoConnection(exchange.connectionId(),
                head.version() == dev.portico.http.HttpVersion.HTTP_1_0 ? "http/1.0" : "http/1.1");
    }

    // ---- context, dispatch, async -----------------------------------------------------------------------------

    @Override
    public ServletContext getServletContext() {
        return app().context;
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
        return app().context.getRequestDispatcher(target.startsWith("/") ? target : path.resolve(target));
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
        return requestedSession().session(create);
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
        return requestedSession().changeId();
    }

    private RequestedSession requestedSession() {
        if (requestedSession == null) {
            requestedSession = new RequestedSession(cycle, cookies(), head.path());
        }
        return requestedSession;
    }

    @Override
    public String getRequestedSessionId() {
        return requestedSession().id();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return requestedSession().isValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return requestedSession().isFromCookie();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return requestedSession().isFromUrl();
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
        return PorticoWebConnection.upgrade(cycle.app, exchange, handlerClass);
    }

    @Override
    public String toString() {
        return head.toString();
    }
}
