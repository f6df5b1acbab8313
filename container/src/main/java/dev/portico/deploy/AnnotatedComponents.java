package dev.portico.deploy;

import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @WebServlet}, {@code @WebFilter} and {@code @WebListener} on the app's own classes and its library jars
 * (Servlet 6.1 §8.1, §8.2).
 * Only classes whose class file carries one of them are loaded, without being initialized; one that cannot be
 * loaded (a dependency missing) is skipped with a warning rather than failing the app.
 */
final class AnnotatedComponents {
    private static final Logger log = LoggerFactory.getLogger(AnnotatedComponents.class);

    /** The listener interfaces §8.1.4 allows a {@code @WebListener} to implement. */
    private static final List<Class<?>> LISTENER_TYPES = List.of(ServletContextListener.class,
            ServletContextAttributeListener.class, ServletRequestListener.class,
            ServletRequestAttributeListener.class, HttpSessionListener.class, HttpSessionAttributeListener.class,
            HttpSessionIdListener.class);

    private AnnotatedComponents() {
    }

    static void addTo(WebAppSpec spec, ClassIndex ownClasses, ClassLoader loader) throws DeploymentException {
        // Like <security-constraint>: ignoring it would leave what it protects open.
        List<String> secured = ownClasses.annotatedWith(ServletSecurity.class.getName());
        if (!secured.isEmpty()) {
            throw new DeploymentException("@ServletSecurity (on " + secured.get(0) + ") is not supported by Portico");
        }
        for (String name : ownClasses.annotatedWith(WebServlet.class.getName())) {
            Optional<Class<?>> type = load(name, loader);
            if (type.isPresent()) {
                addServlet(spec, type.get());
            }
        }
        for (String name : ownClasses.annotatedWith(WebFilter.class.getName())) {
            Optional<Class<?>> type = load(name, loader);
            if (type.isPresent()) {
                addFilter(spec, type.get());
            }
        }
        for (String name : ownClasses.annotatedWith(WebListener.class.getName())) {
            Optional<Class<?>> type = load(name, loader);
            if (type.isPresent()) {
                Class<?> listener = type.get();
                if (LISTENER_TYPES.stream().noneMatch(t -> t.isAssignableFrom(listener))) {
                    throw new DeploymentException("@WebListener class " + name
                            + " implements none of the servlet listener interfaces");
                }
                spec.listener(name);
            }
        }
    }

    static Optional<Class<?>> load(String name, ClassLoader loader) {
        try {
            return Optional.of(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            log.warn("Skipping {}: it cannot be loaded ({})", name, e.toString());
            return Optional.empty();
        }
    }

    private static void addServlet(WebAppSpec spec, Class<?> type) throws DeploymentException {
        WebServlet annotation = type.getAnnotation(WebServlet.class);
        if (!Servlet.class.isAssignableFrom(type)) {
            throw new DeploymentException("@WebServlet class " + type.getName() + " is not a Servlet");
        }
        String name = annotation.name().isEmpty() ? type.getName() : annotation.name();
        String[] patterns = annotation.urlPatterns().length > 0 ? annotation.urlPatterns() : annotation.value();
        WebAppSpec.ServletSpec declared = spec.servlets().stream()
                .filter(s -> s.name().equals(name)).findFirst().orElse(null);
        if (declared != null) {
            // web.xml declared the same name: it wins, the annotation only fills in what it left out (§8.2.3).
            for (WebInitParam param : annotation.initParams()) {
                declared.initParams().putIfAbsent(param.name(), param.value());
            }
            if (declared.mappings().isEmpty()) {
                declared.mapping(patterns);
            }
            return;
        }
        if (patterns.length == 0) {
            throw new DeploymentException("@WebServlet class " + type.getName() + " has no URL pattern");
        }
        WebAppSpec.ServletSpec servlet = spec.servlet(name, type.getName())
                .mapping(patterns)
                .loadOnStartup(annotation.loadOnStartup() >= 0 ? annotation.loadOnStartup() : null);
        applyServletAnnotations(servlet, type);
    }

    /**
     * What a servlet class says about itself, whichever way it was declared: {@code @MultipartConfig} (§8.1.5), and
     * from {@code @WebServlet} its async support and init parameters (a servlet named on the command line keeps
     * these though it is mounted at /* instead of its patterns; explicit init parameters win). A class without
     * {@code @WebServlet} keeps the async support it was declared with.
     */
    static void applyServletAnnotations(WebAppSpec.ServletSpec servlet, Class<?> type) {
        WebServlet annotation = type.getAnnotation(WebServlet.class);
        if (annotation != null) {
            // The app's own word wins over the container's default (or --no-async): it said so.
            servlet.asyncSupported(annotation.asyncSupported());
            for (WebInitParam param : annotation.initParams()) {
                servlet.initParams().putIfAbsent(param.name(), param.value());
            }
        }
        applyMultipartConfig(servlet, type);
    }

    /** §8.1.5: {@code @MultipartConfig} on the class counts unless the descriptor gave a multipart-config. */
    static void applyMultipartConfig(WebAppSpec.ServletSpec servlet, Class<?> type) {
        MultipartConfig multipart = type.getAnnotation(MultipartConfig.class);
        if (multipart != null && servlet.multipartConfig() == null) {
            servlet.multipartConfig(new MultipartConfigElement(multipart));
        }
    }

    /** Servlets declared in web.xml still get their class's {@code @MultipartConfig}. */
    static void applyMultipartConfigs(WebAppSpec spec, ClassLoader loader) {
        for (WebAppSpec.ServletSpec servlet : spec.servlets()) {
            if (servlet.instance() == null && servlet.multipartConfig() == null) {
                load(servlet.className(), loader).ifPresent(type -> applyMultipartConfig(servlet, type));
            }
        }
    }

    private static void addFilter(WebAppSpec spec, Class<?> type) throws DeploymentException {
        WebFilter annotation = type.getAnnotation(WebFilter.class);
        if (!Filter.class.isAssignableFrom(type)) {
            throw new DeploymentException("@WebFilter class " + type.getName() + " is not a Filter");
        }
        String name = annotation.filterName().isEmpty() ? type.getName() : annotation.filterName();
        String[] patterns = annotation.urlPatterns().length > 0 ? annotation.urlPatterns() : annotation.value();
        WebAppSpec.FilterSpec declared = spec.filters().stream()
                .filter(f -> f.name().equals(name)).findFirst().orElse(null);
        if (declared != null) {
            for (WebInitParam param : annotation.initParams()) {
                declared.initParams().putIfAbsent(param.name(), param.value());
            }
            if (declared.urlPatterns().isEmpty() && declared.servletNames().isEmpty()) {
                declared.urlPattern(patterns).servletName(annotation.servletNames());
            }
            return;
        }
        WebAppSpec.FilterSpec filter = spec.filter(name, type.getName())
                .urlPattern(patterns)
                .servletName(annotation.servletNames())
                .asyncSupported(annotation.asyncSupported());
        var dispatchers = annotation.dispatcherTypes();
        if (dispatchers.length > 0) {
            filter.dispatcherTypes().clear();
            filter.dispatcherTypes().addAll(List.of(dispatchers));
        }
        for (WebInitParam param : annotation.initParams()) {
            filter.initParam(param.name(), param.value());
        }
    }
}
