package dev.portico.servlet;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionTrackingMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ServletContext} of a {@link WebApp}: what an app may read at any time (identity and versions, resources
 * and mime types, dispatchers, logging, init parameters and attributes, session and encoding settings). The
 * configuration methods, with their §4.4 checks, are inherited from {@link ProgrammaticConfiguration}. A second,
 * restricted instance is what listeners that were not declared (added programmatically) receive: its
 * programmatic-configuration methods throw UnsupportedOperationException (Servlet 6.1 §4.4).
 */
final class PorticoServletContext extends ProgrammaticConfiguration {
    private static final Logger APP_LOG = LoggerFactory.getLogger("dev.portico.app");
    private static final String SERVER_INFO = "Portico/" + version();

    private PorticoServletContext restrictedView;

    PorticoServletContext(WebApp app, boolean restricted) {
        super(app, restricted);
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

    // ---- session and encoding settings ----------------------------------------------------------------------------

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
    public String getRequestCharacterEncoding() {
        return app.requestCharacterEncoding;
    }

    @Override
    public String getResponseCharacterEncoding() {
        return app.responseCharacterEncoding;
    }

    @Override
    public String toString() {
        return "ServletContext[" + app.name() + "]";
    }
}
