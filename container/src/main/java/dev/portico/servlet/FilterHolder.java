package dev.portico.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A filter of a context: registration plus life cycle (initialised at start, destroyed at stop, §6.2.1). */
final class FilterHolder extends Registration implements FilterRegistration.Dynamic, FilterConfig {
    private static final Logger LOG = LoggerFactory.getLogger(FilterHolder.class);

    private final String className;
    private final Class<? extends Filter> filterClass;
    private final Filter provided;
    private volatile Filter filter;
    final List<String> urlPatternMappings = new ArrayList<>();
    final List<String> servletNameMappings = new ArrayList<>();

    FilterHolder(WebApp app, String name, String className, Class<? extends Filter> filterClass, Filter provided) {
        super(app, name);
        this.className = className;
        this.filterClass = filterClass;
        this.provided = provided;
    }

    @Override
    public String getClassName() {
        return className;
    }

    synchronized void init() throws ServletException {
        if (filter != null) {
            return;
        }
        Filter created = provided != null ? provided
                : filterClass != null ? instantiate(app, filterClass)
                : instantiate(app, className, Filter.class);
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            created.init(this);
        } finally {
            AppClassLoader.exit(previous);
        }
        filter = created;
    }

    Filter filter() {
        return filter;
    }

    synchronized void destroy() {
        Filter f = filter;
        filter = null;
        if (f == null) {
            return;
        }
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            f.destroy();
        } catch (RuntimeException | Error e) {
            LOG.warn("Filter {} of context '{}' failed in destroy()", name, app.contextPath, e);
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    // ---- FilterConfig --------------------------------------------------------------------------------------

    @Override
    public String getFilterName() {
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

    // ---- FilterRegistration.Dynamic ------------------------------------------------------------------------

    @Override
    public void addMappingForServletNames(EnumSet<DispatcherType> types, boolean isMatchAfter,
                                          String... servletNames) {
        if (servletNames == null || servletNames.length == 0) {
            throw new IllegalArgumentException("addMappingForServletNames needs at least one servlet name");
        }
        app.checkConfigurable();
        app.filterMappings.add(new FilterMappings.Entry(this, null, List.of(servletNames), types(types)),
                isMatchAfter);
        servletNameMappings.addAll(List.of(servletNames));
    }

    @Override
    public Collection<String> getServletNameMappings() {
        return Collections.unmodifiableList(new ArrayList<>(servletNameMappings));
    }

    @Override
    public void addMappingForUrlPatterns(EnumSet<DispatcherType> types, boolean isMatchAfter, String... patterns) {
        if (patterns == null || patterns.length == 0) {
            throw new IllegalArgumentException("addMappingForUrlPatterns needs at least one URL pattern");
        }
        app.checkConfigurable();
        List<UrlPattern> parsed = new ArrayList<>();
        for (String p : patterns) {
            parsed.add(UrlPattern.parse(p));
        }
        app.filterMappings.add(new FilterMappings.Entry(this, parsed, null, types(types)), isMatchAfter);
        urlPatternMappings.addAll(List.of(patterns));
    }

    @Override
    public Collection<String> getUrlPatternMappings() {
        return Collections.unmodifiableList(new ArrayList<>(urlPatternMappings));
    }

    private static EnumSet<DispatcherType> types(EnumSet<DispatcherType> types) {
        return types == null || types.isEmpty() ? EnumSet.of(DispatcherType.REQUEST) : EnumSet.copyOf(types);
    }

    @Override
    public String toString() {
        return name;
    }
}
