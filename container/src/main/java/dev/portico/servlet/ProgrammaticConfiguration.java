package dev.portico.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;
import java.util.Collections;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The programmatic-configuration half of a {@link ServletContext} (Servlet 6.1 §4.4): registering servlets, filters
 * and listeners, and setting init parameters, session settings and default encodings. It enforces the two rules of
 * §4.4: these methods work only while the context is being initialized (IllegalStateException afterwards), and a
 * listener that was not declared gets UnsupportedOperationException from them (the restricted view). The rest of
 * the context, what an app reads at any time, is {@link PorticoServletContext}.
 */
abstract class ProgrammaticConfiguration implements ServletContext {
    final WebApp app;
    private final boolean restricted;

    ProgrammaticConfiguration(WebApp app, boolean restricted) {
        this.app = app;
        this.restricted = restricted;
    }

    /** §4.4: programmatic configuration is refused to undeclared listeners, and allowed only during init. */
    private void configuring(String method) {
        notFromUndeclared(method);
        app.checkInitializing("ServletContext." + method);
    }

    private void notFromUndeclared(String method) {
        if (restricted) {
            throw new UnsupportedOperationException("ServletContext." + method
                    + " may not be called from a listener that was not declared in the deployment descriptor");
        }
    }

    // ---- init parameters, servlets, filters and listeners -----------------------------------------------------

    @Override
    public boolean setInitParameter(String name, String value) {
        if (name == null) {
            throw new NullPointerException("init parameter name");
        }
        configuring("setInitParameter");
        return app.initParams.putIfAbsent(name, value) == null;
    }

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

    // ---- sessions and encodings ------------------------------------------------------------------------------

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
        app.sessions.trackingModes = modes.isEmpty() ? EnumSet.noneOf(SessionTrackingMode.class)
                : EnumSet.copyOf(modes);
    }

    @Override
    public void setSessionTimeout(int sessionTimeout) {
        configuring("setSessionTimeout");
        app.sessions.timeoutSeconds = sessionTimeout <= 0 ? -1 : sessionTimeout * 60;
    }

    @Override
    public void setRequestCharacterEncoding(String encoding) {
        configuring("setRequestCharacterEncoding");
        app.requestCharacterEncoding = encoding;
    }

    @Override
    public void setResponseCharacterEncoding(String encoding) {
        configuring("setResponseCharacterEncoding");
        app.responseCharacterEncoding = encoding;
    }
}
