package dev.portico.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ServletContext} of a {@link WebApp}. A second, restricted instance is what listeners that were not
 * declared (added programmatically) receive: its programmatic-configuration methods throw
 * UnsupportedOperationException (Servlet 6.1 §4.4).
 */
final class PorticoServletContext implements ServletContext {
    private static final Logger APP_LOG = LoggerFactory.getLogger("dev.portico.app");
    private static final String SERVER_INFO = "Portico/" + version();

    private final WebApp app;
    private final boolean restricted;
    private PorticoServletContext restrictedView;

    PorticoServletContext(WebApp app, boolean restricted) {
        this.app = app;
        this.restricted = restricted;
    }

    PorticoServletContext restricted() {
        if (restrictedView == null) {
            restrictedView = new PorticoServletContext(app, true);
        }
        return restrictedView;
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = PorticoServletContext.class.getResourceAsStream("/portico.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        String v = p.getProperty("version");
        return v == null || v.startsWith("$") ? "dev" : v;
    }

    /** §4.4: programmatic configuration is refused to undeclared listeners, and allowed only during init. */
    private void configuring(String method) {
        if (restricted) {
            throw new UnsupportedOperationException("ServletContext." + method
                    + " may not be called from a listener that was not declared in the deployment descriptor");
        }
        app.checkInitializing("ServletContext." + method);
    }

    private void notFromUndeclared(String method) {
        if (restricted) {
            throw new UnsupportedOperationException("ServletContext." + method
                    + " may not be called from a listener that was not declared in the deployment descriptor");
        }
    }

    // ---- identity and versions -------------------------------------------------------------------------------

    @Override
    public String getContextPath() {
        return app.contextPath;
    }

    /** Other contexts are not reachable from an app (the javadoc allows null for access control). */
    @Override
    public ServletContext getContext(String uripath) {
        if (uripath != null && uripath.startsWith("/") && (app.contextPath.isEmpty()
                || uripath.equals(app.contextPath) || uripath.startsWith(app.contextPath + "/"))) {
            return this;
        }
        return null;
    }

    @Override
    public int getMajorVersion() {
        return 6;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    /** The version of the app's descriptor (§4.4.1), which may be older than the container's. */
    @Override
    public int getEffectiveMajorVersion() {
        return app.spec.effectiveMajorVersion();
    }

    @Override
    public int getEffectiveMinorVersion() {
        return app.spec.effectiveMinorVersion();
    }

    @Override
    public String getServerInfo() {
        return SERVER_INFO;
    }

    @Override
    public String getServletContextName() {
        return app.spec.displayName();
    }

    @Override
    public String getVirtualServerName() {
        return "portico";
    }

    @Override
    public ClassLoader getClassLoader() {
        return app.loader;
    }

    // ---- resources -------------------------------------------------------------------------------------------

    @Override
    public String getMimeType(String file) {
        if (file == null) {
            return null;
        }
        int dot = file.lastIndexOf('.');
        if (dot >= 0 && !app.spec.mimeMappings().isEmpty()) {
            String ext = file.substring(dot + 1);
            for (Map.Entry<String, String> e : app.spec.mimeMappings().entrySet()) {
                if (e.getKey().equalsIgnoreCase(ext)) {
                    return e.getValue();
                }
            }
        }
        return MimeTypes.forFileName(file);
    }

    @Override
    public Set<String> getResourcePaths(String path) {
        return app.resources.children(path);
    }

    @Override
    public URL getResource(String path) throws MalformedURLException {
        return app.resources.url(path);
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        return app.resources.stream(path);
    }

    @Override
    public String getRealPath(String path) {
        return app.resources.realPath(path);
    }

    // ---- dispatchers -----------------------------------------------------------------------------------------

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null) {
            return null;
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("ServletContext.getRequestDispatcher needs a path starting with /: "
                    + path);
        }
        return Dispatcher.forPath(app, path);
    }

    @Override
    public RequestDispatcher getNamedDispatcher(String name) {
        ServletHolder holder = name == null ? null : app.servlets.get(name);
        return holder == null ? null : new Dispatcher(app, holder);
    }

    // ---- logging ---------------------------------------------------------------------------------------------

    @Override
    public void log(String msg) {
        APP_LOG.info("[{}] {}", app.name(), msg);
    }

    @Override
    public void log(String message, Throwable throwable) {
        APP_LOG.error("[{}] {}", app.name(), message, throwable);
    }

    // ---- init parameters and attributes -------------------------------------------------------------------

    @Override
    public String getInitParameter(String name) {
        if (name == null) {
            throw new NullPointerException("init parameter name");
        }
        return app.initParams.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(List.copyOf(app.initParams.keySet()));
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        if (name == null) {
            throw new NullPointerException("init parameter name");
        }
        configuring("setInitParameter");
        return app.initParams.putIfAbsent(name, value) == null;
    }

    @Override
    public Object getAttribute(String name) {
        if (name == null) {
            throw new NullPointerException("attribute name");
        }
        return app.attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(List.copyOf(app.attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object object) {
        if (name == null) {
            throw new NullPointerException("attribute name");
        }
        if (object == null) {
            removeAttribute(name);
            return;
        }
        Object old = app.attributes.put(name, object);
        if (old == null) {
            app.listeners.contextAttributeAdded(app.context, name, object);
        } else {
            app.listeners.contextAttributeReplaced(app.context, name, old);
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old = name == null ? null : app.attributes.remove(name);
        if (old != null) {
            app.listeners.contextAttributeRemoved(app.context, name, old);
        }
    }

    // ---- programmatic registration (§4.4) -------------------------------------------------------------------

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, String className) {
        configuring("addServlet");
        return app.addServlet(servletName, className, null, null);
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Servlet servlet) {
        configuring("addServlet");
        if (servlet == null) {
            throw new IllegalArgumentException("servlet must not be null");
        }
        return app.addServlet(servletName, null, null, servlet);
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Class<? extends Servlet> servletClass) {
        configuring("addServlet");
        return app.addServlet(servletName, null, servletClass, null);
    }

    @Override
    public ServletRegistration.Dynamic addJspFile(String servletName, String jspFile) {
        throw new UnsupportedOperationException("ServletContext.addJspFile is not supported by Portico");
    }

    @Override
    public <T extends Servlet> T createServlet(Class<T> clazz) throws ServletException {
        configuring("createServlet");
        return Registration.instantiate(app, clazz);
    }

    @Override
    public ServletRegistration getServletRegistration(String servletName) {
        notFromUndeclared("getServletRegistration");
        return app.servlets.get(servletName);
    }

    @Override
    public Map<String, ? extends ServletRegistration> getServletRegistrations() {
        notFromUndeclared("getServletRegistrations");
        return Collections.unmodifiableMap(new LinkedHashMap<>(app.servlets));
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, String className) {
        configuring("addFilter");
        return app.addFilter(filterName, className, null, null);
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Filter filter) {
        configuring("addFilter");
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null");
        }
        return app.addFilter(filterName, null, null, filter);
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Class<? extends Filter> filterClass) {
        configuring("addFilter");
        return app.addFilter(filterName, null, filterClass, null);
    }

    @Override
    public <T extends Filter> T createFilter(Class<T> clazz) throws ServletException {
        configuring("createFilter");
        return Registration.instantiate(app, clazz);
    }

    @Override
    public FilterRegistration getFilterRegistration(String filterName) {
        notFromUndeclared("getFilterRegistration");
        return app.filters.get(filterName);
    }

    @Override
    public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
        notFromUndeclared("getFilterRegistrations");
        return Collections.unmodifiableMap(new LinkedHashMap<>(app.filters));
    }

    @Override
    public void addListener(String className) {
        configuring("addListener");
        EventListener listener;
        try {
            listener = Registration.instantiate(app, className, EventListener.class);
        } catch (ServletException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        addListenerInstance(listener);
    }

    @Override
    public <T extends EventListener> void addListener(T listener) {
        configuring("addListener");
        addListenerInstance(listener);
    }

    @Override
    public void addListener(Class<? extends EventListener> listenerClass) {
        configuring("addListener");
        try {
            addListenerInstance(Registration.instantiate(app, listenerClass));
        } catch (ServletException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private void addListenerInstance(EventListener listener) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        if (listener instanceof ServletContextListener && !app.inInitializers) {
            throw new IllegalArgumentException("a ServletContextListener may only be added by a "
                    + "ServletContainerInitializer");
        }
        app.listeners.add(listener, false);
    }

    @Override
    public <T extends EventListener> T createListener(Class<T> clazz) throws ServletException {
        configuring("createListener");
        if (!Listeners.isSupported(clazz)) {
            throw new IllegalArgumentException(clazz.getName()
                    + " implements none of the listener interfaces a ServletContext accepts");
        }
        return Registration.instantiate(app, clazz);
    }

    @Override
    public void declareRoles(String... roleNames) {
        configuring("declareRoles");
    }

    @Override
    public JspConfigDescriptor getJspConfigDescriptor() {
        notFromUndeclared("getJspConfigDescriptor");
        return null;
    }

    // ---- sessions and encodings ----------------------------------------------------------------------------

    @Override
    public SessionCookieConfig getSessionCookieConfig() {
        notFromUndeclared("getSessionCookieConfig");
        return app.sessions.cookieConfig;
    }

    @Override
    public void setSessionTrackingModes(Set<SessionTrackingMode> modes) {
        configuring("setSessionTrackingModes");
        if (modes.contains(SessionTrackingMode.SSL)) {
            throw new IllegalArgumentException(modes.size() > 1
                    ? "SSL session tracking cannot be combined with other modes"
                    : "SSL session tracking is not supported by Portico");
        }
        app.sessions.trackingModes = modes.isEmpty() ? EnumSet.noneOf(SessionTrackingMode.class) : EnumSet.copyOf(modes);
    }

    /**
     * Callable from any listener, also one an initializer added: the TCK expects these two to answer there although
     * the javadoc lists them among the restricted methods, and Tomcat answers too.
     */
    @Override
    public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
        return EnumSet.copyOf(SessionManager.SUPPORTED_MODES);
    }

    @Override
    public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
        Set<SessionTrackingMode> modes = app.sessions.trackingModes;
        return modes.isEmpty() ? EnumSet.noneOf(SessionTrackingMode.class) : EnumSet.copyOf(modes);
    }

    @Override
    public int getSessionTimeout() {
        int seconds = app.sessions.timeoutSeconds;
        return seconds <= 0 ? 0 : seconds / 60;
    }

    @Override
    public void setSessionTimeout(int sessionTimeout) {
        configuring("setSessionTimeout");
        app.sessions.timeoutSeconds = sessionTimeout <= 0 ? -1 : sessionTimeout * 60;
    }

    @Override
    public String getRequestCharacterEncoding() {
        return app.requestCharacterEncoding;
    }

    @Override
    public void setRequestCharacterEncoding(String encoding) {
        configuring("setRequestCharacterEncoding");
        app.requestCharacterEncoding = encoding;
    }

    @Override
    public String getResponseCharacterEncoding() {
        return app.responseCharacterEncoding;
    }

    @Override
    public void setResponseCharacterEncoding(String encoding) {
        configuring("setResponseCharacterEncoding");
        app.responseCharacterEncoding = encoding;
    }

    @Override
    public String toString() {
        return "ServletContext[" + app.name() + "]";
    }
}
