package dev.portico.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import dev.portico.server.Exchange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running web application: what a {@link WebAppSpec} becomes. Owns the registrations, URL mapping, listeners,
 * sessions and life cycle of one context (Servlet 6.1 §4, §8.2): initializers, then context listeners, then
 * filters, then load-on-startup servlets; on stop the reverse.
 */
final class WebApp {
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    private static final Logger TRACE = LoggerFactory.getLogger("dev.portico.trace");

    enum State { NEW, INITIALIZING, STARTING, STARTED, STOPPING, STOPPED }

    final WebAppSpec spec;
    final String contextPath;
    final ClassLoader loader;
    final GatewayServices services;
    final PorticoServletContext context;
    final Listeners listeners = new Listeners();
    final SessionManager sessions;
    final Map<String, ServletHolder> servlets = new LinkedHashMap<>();
    final Map<String, FilterHolder> filters = new LinkedHashMap<>();
    final FilterMappings filterMappings = new FilterMappings();
    final ErrorPages errorPages;
    final Resources resources;
    final Map<String, String> initParams = new ConcurrentHashMap<>();
    final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final ServletMapper mapper;
    private final List<String> welcomeFiles;
    final LocaleEncodings localeEncodings;

    volatile String requestCharacterEncoding;
    volatile String responseCharacterEncoding;
    private volatile State state = State.NEW;
    /** True while ServletContainerInitializers run: only they may add ServletContextListeners (§4.4). */
    boolean inInitializers;
    private final List<ServletHolder> initialized = new ArrayList<>();
    private final List<Listeners.ContextListener> notified = new ArrayList<>();
    private Path tempDir;

    final InflightRequests inflight = new InflightRequests();

    WebApp(WebAppSpec spec, GatewayServices services) {
        this.spec = spec;
        this.contextPath = spec.contextPath();
        this.loader = spec.classLoader() != null ? spec.classLoader() : WebApp.class.getClassLoader();
        this.services = services;
        this.context = new PorticoServletContext(this, false);
        this.sessions = new SessionManager(this, spec.sessionTimeoutMinutes());
        this.errorPages = new ErrorPages(spec.errorPagesByStatus(), spec.errorPagesByException(),
                spec.defaultErrorPage());
        this.resources = new Resources(spec.resourceRoots());
        this.welcomeFiles = List.copyOf(spec.welcomeFiles());
        this.requestCharacterEncoding = spec.requestCharacterEncoding();
        this.responseCharacterEncoding = spec.responseCharacterEncoding();
        this.localeEncodings = new LocaleEncodings(spec.localeEncodings());
        this.initParams.putAll(spec.contextParams());
        this.mapper = new ServletMapper(fallbackServlet());
    }

    /**
     * What answers paths no mapping covers when the app maps no default servlet: its static resources through
     * {@link DefaultServlet} if it has any, else a plain 404.
     */
    private ServletHolder fallbackServlet() {
        ServletHolder holder;
        if (spec.resourceRoots().isEmpty()) {
            holder = new ServletHolder(this, NotFoundServlet.NAME, NotFoundServlet.class.getName(), null,
                    new NotFoundServlet());
        } else {
            holder = new ServletHolder(this, "default", DefaultServlet.class.getName(), null, new DefaultServlet());
            if (!spec.welcomeFiles().isEmpty()) {
                holder.initParams.put("welcomeFiles", String.join(",", spec.welcomeFiles()));
            }
        }
        holder.asyncSupported = true;
        return holder;
    }

    String name() {
        return contextPath.isEmpty() ? "/" : contextPath;
    }

    String requestCharacterEncoding() {
        return requestCharacterEncoding;
    }

    String responseCharacterEncoding() {
        return responseCharacterEncoding;
    }

    // ---- life cycle -------------------------------------------------------------------------------------------

    /** Starts the context; on any failure everything started is stopped again and the failure is thrown. */
    void start() throws ServletException {
        state = State.INITIALIZING;
        ClassLoader previous = AppClassLoader.enter(loader);
        try {
            createTempDir();
            registerDeclared();
            inInitializers = true;
            for (WebAppSpec.InitializerSpec init : spec.initializers()) {
                ServletContainerInitializer sci = init.initializer();
                Set<Class<?>> types = init.handlesTypes() == null || init.handlesTypes().isEmpty()
                        ? null : init.handlesTypes();
                try {
                    sci.onStartup(types, context);
                } catch (Throwable t) {
                    throw startFailure("ServletContainerInitializer " + sci.getClass().getName(), t);
                }
            }
            inInitializers = false;
            // index loop: a listener may not add context listeners, but initializers before it may have
            for (int i = 0; i < listeners.context.size(); i++) {
                Listeners.ContextListener cl = listeners.context.get(i);
                ServletContext sc = cl.declared() ? context : context.restricted();
                try {
                    cl.listener().contextInitialized(new ServletContextEvent(sc));
                } catch (Throwable t) {
                    throw startFailure("ServletContextListener " + cl.listener().getClass().getName(), t);
                }
                notified.add(cl);
            }
            state = State.STARTING;    // programmatic configuration ends here (ISE from now on)
            for (FilterHolder f : filters.values()) {
                try {
                    f.init();
                } catch (Throwable t) {
                    throw startFailure("Filter '" + f.getName() + "'", t);
                }
            }
            List<ServletHolder> onStartup = new ArrayList<>();
            for (ServletHolder s : servlets.values()) {
                if (s.loadOnStartup != null && s.loadOnStartup >= 0) {
                    onStartup.add(s);
                }
            }
            onStartup.sort(Comparator.comparingInt(s -> s.loadOnStartup));   // stable: ties keep declaration order
            for (ServletHolder s : onStartup) {
                try {
                    s.servlet();
                } catch (Throwable t) {
                    throw startFailure("Servlet '" + s.getName() + "'", t);
                }
            }
            sessions.start();
            state = State.STARTED;
        } catch (ServletException | RuntimeException | Error e) {
            stop();
            throw e;
        } finally {
            inInitializers = false;
            AppClassLoader.exit(previous);
        }
    }

    private ServletException startFailure(String what, Throwable t) {
        Throwable cause = t instanceof ServletException se && se.getRootCause() != null ? se.getRootCause() : t;
        String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return new ServletException(what + " of context '" + name() + "' failed to initialize: " + message, t);
    }

    private void registerDeclared() throws ServletException {
        for (WebAppSpec.ServletSpec s : spec.servlets()) {
            ServletHolder holder = addServlet(s.name(), s.className(), null, s.instance());
            if (holder == null) {
                throw new ServletException("two servlets named '" + s.name() + "' in context '" + name() + "'");
            }
            holder.initParams.putAll(s.initParams());
            holder.loadOnStartup = s.loadOnStartup();
            holder.asyncSupported = s.asyncSupported();
            holder.multipartConfig = s.multipartConfig();
            Set<String> conflicts = addServletMappings(holder, s.mappings().toArray(new String[0]));
            if (!conflicts.isEmpty()) {
                throw new ServletException("servlet '" + s.name() + "': url-pattern " + conflicts
                        + " is already mapped to another servlet");
            }
        }
        for (WebAppSpec.FilterSpec f : spec.filters()) {
            FilterHolder holder = addFilter(f.name(), f.className(), null, f.instance());
            if (holder == null) {
                throw new ServletException("two filters named '" + f.name() + "' in context '" + name() + "'");
            }
            holder.initParams.putAll(f.initParams());
            holder.asyncSupported = f.asyncSupported();
            List<UrlPattern> patterns = new ArrayList<>();
            for (String p : f.urlPatterns()) {
                patterns.add(UrlPattern.parse(p));
            }
            if (!patterns.isEmpty()) {
                filterMappings.addDeclared(new FilterMappings.Entry(holder, patterns, null, f.dispatcherTypes()));
                holder.urlPatternMappings.addAll(f.urlPatterns());
            }
            if (!f.servletNames().isEmpty()) {
                filterMappings.addDeclared(new FilterMappings.Entry(holder, null, List.copyOf(f.servletNames()),
                        f.dispatcherTypes()));
                holder.servletNameMappings.addAll(f.servletNames());
            }
        }
        for (WebAppSpec.ListenerSpec l : spec.listeners()) {
            EventListener listener = l.instance() != null ? l.instance()
                    : Registration.instantiate(this, l.className(), EventListener.class);
            try {
                listeners.add(listener, true);
            } catch (IllegalArgumentException e) {
                throw new ServletException(e.getMessage(), e);
            }
        }
    }

    /** Stops the context: servlets, filters, sessions, then context listeners in reverse (§4.2, §11.3.4). */
    void stop() {
        if (state == State.STOPPED || state == State.STOPPING) {
            return;
        }
        state = State.STOPPING;
        ClassLoader previous = AppClassLoader.enter(loader);
        try {
            List<ServletHolder> toDestroy;
            synchronized (initialized) {
                toDestroy = new ArrayList<>(initialized);
            }
            for (int i = toDestroy.size() - 1; i >= 0; i--) {
                toDestroy.get(i).destroy();
            }
            List<FilterHolder> filterList = new ArrayList<>(filters.values());
            for (int i = filterList.size() - 1; i >= 0; i--) {
                filterList.get(i).destroy();
            }
            sessions.stop();
            for (int i = notified.size() - 1; i >= 0; i--) {
                Listeners.ContextListener cl = notified.get(i);
                try {
                    cl.listener().contextDestroyed(new ServletContextEvent(cl.declared() ? context
                            : context.restricted()));
                } catch (RuntimeException | Error e) {
                    LOG.warn("ServletContextListener {} failed in contextDestroyed for context '{}'",
                            cl.listener().getClass().getName(), name(), e);
                }
            }
            notified.clear();
            if (tempDir != null) {
                TempDirectory.delete(tempDir);
            }
        } finally {
            AppClassLoader.exit(previous);
            state = State.STOPPED;
        }
    }

    void initialized(ServletHolder holder) {
        synchronized (initialized) {
            initialized.add(holder);
        }
    }

    State state() {
        return state;
    }

    boolean isStarted() {
        return state == State.STARTED;
    }

    /** Programmatic configuration (addServlet, addMapping, ...) is allowed only while the context initialises. */
    void checkConfigurable() {
        checkInitializing("this configuration method");
    }

    void checkInitializing(String what) {
        if (state != State.INITIALIZING) {
            throw new IllegalStateException(what + " may only be used while context '" + name()
                    + "' is being initialized");
        }
    }

    private void createTempDir() throws ServletException {
        try {
            tempDir = TempDirectory.create(contextPath);
            attributes.put(ServletContext.TEMPDIR, tempDir.toFile());
        } catch (IOException | IllegalArgumentException e) {
            throw new ServletException("cannot create the temporary directory of context '" + name() + "'", e);
        }
    }

    // ---- requests --------------------------------------------------------------------------------------------

    /** Serves a request whose canonical context-relative path is {@code path}; the cycle counts it out again. */
    void handle(Exchange exchange, String path) {
        new RequestCycle(this, exchange, map(path)).run();
    }

    /** Maps a canonical context-relative path, with welcome files for directory paths (§10.10). */
    ServletMapping map(String path) {
        ServletMapping mapping = mapper.map(path);
        if (mapper.isDefault(mapping) && path.endsWith("/") && !welcomeFiles.isEmpty()) {
            for (String welcome : welcomeFiles) {
                ServletMapping candidate = mapper.map(path + welcome);
                if (!mapper.isDefault(candidate) || resources.find(path + welcome) != null) {
                    return candidate;
                }
            }
        }
        return mapping;
    }

    /** Runs the filters mapped for {@code type} and then the servlet (§6.2.4). */
    void invoke(ServletRequest request, ServletResponse response, PorticoRequest base, ServletHolder servlet,
                String filterPath, DispatcherType type) throws IOException, ServletException {
        FilterHolder[] chain = filterMappings.chain(type, filterPath, servlet.getName());
        Servlet instance = servlet.servlet();
        if (type == DispatcherType.REQUEST && TRACE.isDebugEnabled()) {
            List<String> names = new ArrayList<>(chain.length);
            for (FilterHolder f : chain) {
                names.add(f.getName());
            }
            TRACE.debug("{} -> context='{}' servlet='{}' filters={} servletPath='{}' pathInfo={}", base, name(),
                    servlet.getName(), names, base.getServletPath(),
                    base.getPathInfo() == null ? "null" : "'" + base.getPathInfo() + "'");
        }
        new PorticoFilterChain(chain, servlet, instance, base).doFilter(request, response);
    }

    void invoke(ServletRequest request, ServletResponse response, PorticoRequest base, Dispatcher target,
                DispatcherType type) throws IOException, ServletException {
        invoke(request, response, base, target.servlet(), target.mapping == null ? null : target.mapping.path(),
                type);
    }

    // ---- registration ---------------------------------------------------------------------------------------

    /** Registers a servlet; null if the name is taken (ServletContext.addServlet's contract). */
    ServletHolder addServlet(String name, String className, Class<? extends Servlet> cls, Servlet instance) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("servlet name must not be empty");
        }
        if (servlets.containsKey(name)) {
            return null;
        }
        String cn = className != null ? className : cls != null ? cls.getName() : instance.getClass().getName();
        ServletHolder holder = new ServletHolder(this, name, cn, cls, instance);
        servlets.put(name, holder);
        return holder;
    }

    FilterHolder addFilter(String name, String className, Class<? extends Filter> cls, Filter instance) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("filter name must not be empty");
        }
        if (filters.containsKey(name)) {
            return null;
        }
        String cn = className != null ? className : cls != null ? cls.getName() : instance.getClass().getName();
        FilterHolder holder = new FilterHolder(this, name, cn, cls, instance);
        filters.put(name, holder);
        return holder;
    }

    /** Adds mappings unless one is taken by another servlet; returns the conflicting patterns (§4.4.1.3). */
    Set<String> addServletMappings(ServletHolder holder, String... patterns) {
        Set<String> conflicts = new LinkedHashSet<>();
        List<UrlPattern> parsed = new ArrayList<>();
        for (String p : patterns) {
            UrlPattern pattern = UrlPattern.parse(p);
            if (mapper.isTakenByOther(pattern, holder)) {
                conflicts.add(p);
            }
            parsed.add(pattern);
        }
        if (conflicts.isEmpty()) {
            for (UrlPattern pattern : parsed) {
                mapper.add(pattern, holder);
                holder.mappings.add(pattern.pattern());
            }
        }
        return conflicts;
    }
}
