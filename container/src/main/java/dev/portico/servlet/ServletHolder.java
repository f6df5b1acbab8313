package dev.portico.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.UnavailableException;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet of a context: its registration (name, class, mappings, init parameters) and its life cycle — created and
 * initialised exactly once, at start for load-on-startup servlets and on first request otherwise, destroyed exactly
 * once when the context stops (Servlet 6.1 §2.3).
 */
final class ServletHolder extends Registration implements ServletRegistration.Dynamic, ServletConfig {
    private static final Logger LOG = LoggerFactory.getLogger(ServletHolder.class);

    private final String className;
    private final Class<? extends Servlet> servletClass;
    private final Servlet provided;
    final Set<String> mappings = new LinkedHashSet<>();
    Integer loadOnStartup;
    volatile MultipartConfigElement multipartConfig;

    private final Object lifecycle = new Object();
    private volatile Servlet servlet;
    private volatile long unavailableUntil;
    private boolean destroyed;

    ServletHolder(WebApp app, String name, String className, Class<? extends Servlet> servletClass,
                  Servlet provided) {
        super(app, name);
        this.className = className;
        this.servletClass = servletClass;
        this.provided = provided;
    }

    @Override
    public String getClassName() {
        return className;
    }

    // ---- life cycle ----------------------------------------------------------------------------------------

    /** The initialised servlet, initialising it first if needed. @throws ServletException if init fails */
    Servlet servlet() throws ServletException {
        Servlet s = servlet;
        if (s != null) {
            return s;
        }
        synchronized (lifecycle) {
            if (servlet != null) {
                return servlet;
            }
            if (destroyed) {
                throw new UnavailableException("servlet " + name + " has been destroyed");
            }
            long until = unavailableUntil;
            if (until == Long.MAX_VALUE) {
                throw new UnavailableException("servlet " + name + " is permanently unavailable");
            }
            if (until > System.currentTimeMillis()) {
                throw new UnavailableException("servlet " + name + " is unavailable",
                        (int) Math.max(1, (until - System.currentTimeMillis()) / 1000));
            }
            Servlet created = provided != null ? provided
                    : servletClass != null ? instantiate(app, servletClass)
                    : instantiate(app, className, Servlet.class);
            ClassLoader previous = AppClassLoader.enter(app.loader);
            try {
                created.init(this);
            } catch (UnavailableException e) {
                // §2.3.2.1: a servlet that fails init is released without destroy; permanently → never retried
                unavailableUntil = e.isPermanent() ? Long.MAX_VALUE
                        : System.currentTimeMillis() + Math.max(0, e.getUnavailableSeconds()) * 1000L;
                throw e;
            } catch (ServletException | RuntimeException | Error e) {
                throw e;
            } finally {
                AppClassLoader.exit(previous);
            }
            servlet = created;
            app.initialized(this);
            return created;
        }
    }

    boolean isInitialized() {
        return servlet != null;
    }

    /** Calls destroy once if init succeeded; later requests are refused. */
    void destroy() {
        synchronized (lifecycle) {
            destroyed = true;
            Servlet s = servlet;
            servlet = null;
            if (s == null) {
                return;
            }
            ClassLoader previous = AppClassLoader.enter(app.loader);
            try {
                s.destroy();
            } catch (RuntimeException | Error e) {
                LOG.warn("Servlet {} of context '{}' failed in destroy()", name, app.contextPath, e);
            } finally {
                AppClassLoader.exit(previous);
            }
        }
    }

    /** Marks the servlet unavailable after its service threw a permanent {@link UnavailableException}. */
    void unavailable(UnavailableException e) {
        if (e.isPermanent()) {
            synchronized (lifecycle) {
                unavailableUntil = Long.MAX_VALUE;
            }
            destroy();
        }
    }

    // ---- ServletConfig -------------------------------------------------------------------------------------

    @Override
    public String getServletName() {
        return name;
    }

    @Override
    public ServletContext getServletContext() {
        return app.context;
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(initParams.keySet());
    }

    // ---- ServletRegistration.Dynamic ------------------------------------------------------------------------

    @Override
    public Set<String> addMapping(String... urlPatterns) {
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("addMapping needs at least one URL pattern");
        }
        app.checkConfigurable();
        return app.addServletMappings(this, urlPatterns);
    }

    @Override
    public Collection<String> getMappings() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(mappings));
    }

    @Override
    public String getRunAsRole() {
        return null;
    }

    @Override
    public void setLoadOnStartup(int order) {
        app.checkConfigurable();
        this.loadOnStartup = order;
    }

    @Override
    public Set<String> setServletSecurity(ServletSecurityElement constraint) {
        throw new UnsupportedOperationException(
                "ServletRegistration.Dynamic.setServletSecurity is not supported by Portico");
    }

    @Override
    public void setMultipartConfig(MultipartConfigElement config) {
        if (config == null) {
            throw new IllegalArgumentException("multipart config must not be null");
        }
        app.checkConfigurable();
        this.multipartConfig = config;
    }

    @Override
    public void setRunAsRole(String role) {
        throw new UnsupportedOperationException("ServletRegistration.Dynamic.setRunAsRole is not supported by Portico");
    }

    @Override
    public String toString() {
        return name;
    }
}
