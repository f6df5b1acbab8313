package dev.portico.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a web application is made of, before it runs: the deployment descriptor in object form. The launcher fills it
 * from a jar, directory or war (web.xml, annotations, a class name); embedders and tests fill it by hand. The
 * gateway turns it into a running {@code ServletContext}.
 */
public final class WebAppSpec {
    private String contextPath = "";
    private String displayName;
    private ClassLoader classLoader = WebAppSpec.class.getClassLoader();
    private final Map<String, String> contextParams = new LinkedHashMap<>();
    private final List<ServletSpec> servlets = new ArrayList<>();
    private final List<FilterSpec> filters = new ArrayList<>();
    private final List<ListenerSpec> listeners = new ArrayList<>();
    private final List<InitializerSpec> initializers = new ArrayList<>();
    private final Map<Integer, String> errorPagesByStatus = new LinkedHashMap<>();
    private final Map<String, String> errorPagesByException = new LinkedHashMap<>();
    private String defaultErrorPage;
    private final List<String> welcomeFiles = new ArrayList<>();
    private final Map<String, String> mimeMappings = new LinkedHashMap<>();
    private final List<Path> resourceRoots = new ArrayList<>();
    private int sessionTimeoutMinutes = 30;
    private String requestCharacterEncoding;
    private String responseCharacterEncoding;
    private final Map<String, String> localeEncodings = new LinkedHashMap<>();
    private String defaultContextPath;
    private int effectiveMajorVersion = 6;
    private int effectiveMinorVersion = 1;

    public WebAppSpec() {
    }

    public WebAppSpec(String contextPath) {
        contextPath(contextPath);
    }

    /** "" for the root context, else "/name" (no trailing slash); "/" is taken as "". */
    public WebAppSpec contextPath(String path) {
        if (path == null || path.equals("/")) {
            path = "";
        }
        if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
            throw new IllegalArgumentException("context path must be \"\" or start with / and not end with /: " + path);
        }
        this.contextPath = path;
        return this;
    }

    public String contextPath() {
        return contextPath;
    }

    public WebAppSpec displayName(String name) {
        this.displayName = name;
        return this;
    }

    public String displayName() {
        return displayName;
    }

    public WebAppSpec classLoader(ClassLoader loader) {
        this.classLoader = loader;
        return this;
    }

    public ClassLoader classLoader() {
        return classLoader;
    }

    public WebAppSpec contextParam(String name, String value) {
        contextParams.put(name, value);
        return this;
    }

    public Map<String, String> contextParams() {
        return contextParams;
    }

    public ServletSpec servlet(String name, Servlet instance) {
        ServletSpec spec = new ServletSpec(name, instance.getClass().getName(), instance);
        servlets.add(spec);
        return spec;
    }

    public ServletSpec servlet(String name, String className) {
        ServletSpec spec = new ServletSpec(name, className, null);
        servlets.add(spec);
        return spec;
    }

    public List<ServletSpec> servlets() {
        return servlets;
    }

    public FilterSpec filter(String name, Filter instance) {
        FilterSpec spec = new FilterSpec(name, instance.getClass().getName(), instance);
        filters.add(spec);
        return spec;
    }

    public FilterSpec filter(String name, String className) {
        FilterSpec spec = new FilterSpec(name, className, null);
        filters.add(spec);
        return spec;
    }

    public List<FilterSpec> filters() {
        return filters;
    }

    public WebAppSpec listener(EventListener instance) {
        listeners.add(new ListenerSpec(instance.getClass().getName(), instance));
        return this;
    }

    public WebAppSpec listener(String className) {
        listeners.add(new ListenerSpec(className, null));
        return this;
    }

    public List<ListenerSpec> listeners() {
        return listeners;
    }

    /** Runs the initializer at start with the given classes (those matching its {@code @HandlesTypes}), or null. */
    public WebAppSpec initializer(ServletContainerInitializer initializer, Set<Class<?>> handlesTypes) {
        initializers.add(new InitializerSpec(initializer, handlesTypes));
        return this;
    }

    public List<InitializerSpec> initializers() {
        return initializers;
    }

    public WebAppSpec errorPage(int status, String location) {
        errorPagesByStatus.put(status, location);
        return this;
    }

    public WebAppSpec errorPage(String exceptionClassName, String location) {
        errorPagesByException.put(exceptionClassName, location);
        return this;
    }

    /** The error page used when no status or exception page matches (web.xml {@code <error-page>} with neither). */
    public WebAppSpec defaultErrorPage(String location) {
        this.defaultErrorPage = location;
        return this;
    }

    public Map<Integer, String> errorPagesByStatus() {
        return errorPagesByStatus;
    }

    public Map<String, String> errorPagesByException() {
        return errorPagesByException;
    }

    public String defaultErrorPage() {
        return defaultErrorPage;
    }

    public WebAppSpec welcomeFile(String file) {
        welcomeFiles.add(file);
        return this;
    }

    public List<String> welcomeFiles() {
        return welcomeFiles;
    }

    public WebAppSpec mimeMapping(String extension, String mimeType) {
        mimeMappings.put(extension, mimeType);
        return this;
    }

    public Map<String, String> mimeMappings() {
        return mimeMappings;
    }

    /**
     * A directory whose files are the app's resources ({@code getResource("/x")} looks for {@code root/x}). May be a
     * path inside a zip file system (a jar's {@code META-INF/resources}). Searched in the order added.
     */
    public WebAppSpec resourceRoot(Path root) {
        resourceRoots.add(root);
        return this;
    }

    public List<Path> resourceRoots() {
        return resourceRoots;
    }

    public WebAppSpec sessionTimeoutMinutes(int minutes) {
        this.sessionTimeoutMinutes = minutes;
        return this;
    }

    public int sessionTimeoutMinutes() {
        return sessionTimeoutMinutes;
    }

    public WebAppSpec requestCharacterEncoding(String encoding) {
        this.requestCharacterEncoding = encoding;
        return this;
    }

    public String requestCharacterEncoding() {
        return requestCharacterEncoding;
    }

    public WebAppSpec responseCharacterEncoding(String encoding) {
        this.responseCharacterEncoding = encoding;
        return this;
    }

    public String responseCharacterEncoding() {
        return responseCharacterEncoding;
    }

    /**
     * A {@code <locale-encoding-mapping>} (Servlet 6.1 §5.6): {@code setLocale} picks this charset for the locale
     * unless the app chose one. {@code locale} is a language ("ja") or language and country ("zh_CN", "zh-CN").
     */
    public WebAppSpec localeEncoding(String locale, String encoding) {
        localeEncodings.put(locale, encoding);
        return this;
    }

    public Map<String, String> localeEncodings() {
        return localeEncodings;
    }

    /**
     * The descriptor's {@code <default-context-path>} (§10.13), or null: a hint for where to deploy the app that
     * a deployer uses when the operator names no context path; it does not move the app by itself.
     */
    public WebAppSpec defaultContextPath(String path) {
        this.defaultContextPath = path;
        return this;
    }

    public String defaultContextPath() {
        return defaultContextPath;
    }

    /**
     * The Servlet version the app was written for, which {@code getEffectiveMajorVersion/MinorVersion} report
     * (§4.4.1): the web.xml's {@code version}, or the container's (6.1) when there is no descriptor.
     */
    public WebAppSpec effectiveVersion(int major, int minor) {
        this.effectiveMajorVersion = major;
        this.effectiveMinorVersion = minor;
        return this;
    }

    public int effectiveMajorVersion() {
        return effectiveMajorVersion;
    }

    public int effectiveMinorVersion() {
        return effectiveMinorVersion;
    }

    /**
     * A servlet declaration: by instance or by class name (loaded with the app's class loader). Async-capable unless
     * it says {@code asyncSupported(false)}: it costs nothing until the servlet calls {@code startAsync}, and a
     * framework servlet (Jersey's, Spring's) needs it for its async endpoints. The descriptors say it explicitly
     * ({@code <async-supported>} and {@code @WebServlet(asyncSupported)}, both false by default, §8.1.1).
     */
    public static final class ServletSpec {
        private final String name;
        private final String className;
        private final Servlet instance;
        private final Map<String, String> initParams = new LinkedHashMap<>();
        private final Set<String> mappings = new LinkedHashSet<>();
        private Integer loadOnStartup;
        private boolean asyncSupported = true;
        private MultipartConfigElement multipartConfig;

        ServletSpec(String name, String className, Servlet instance) {
            this.name = name;
            this.className = className;
            this.instance = instance;
        }

        public String name() { return name; }
        public String className() { return className; }
        public Servlet instance() { return instance; }
        public Map<String, String> initParams() { return initParams; }
        public Set<String> mappings() { return mappings; }
        public Integer loadOnStartup() { return loadOnStartup; }
        public boolean asyncSupported() { return asyncSupported; }
        public MultipartConfigElement multipartConfig() { return multipartConfig; }

        public ServletSpec initParam(String key, String value) {
            initParams.put(key, value);
            return this;
        }

        public ServletSpec mapping(String... patterns) {
            mappings.addAll(List.of(patterns));
            return this;
        }

        public ServletSpec loadOnStartup(Integer order) {
            this.loadOnStartup = order;
            return this;
        }

        public ServletSpec asyncSupported(boolean supported) {
            this.asyncSupported = supported;
            return this;
        }

        public ServletSpec multipartConfig(MultipartConfigElement config) {
            this.multipartConfig = config;
            return this;
        }
    }

    /**
     * A filter declaration with its mappings, in declaration order (which is the chain order). Async-capable unless
     * it says {@code asyncSupported(false)}, like a {@link ServletSpec}: one synchronous filter in the chain would
     * make every servlet behind it synchronous (§2.3.3.3).
     */
    public static final class FilterSpec {
        private final String name;
        private final String className;
        private final Filter instance;
        private final Map<String, String> initParams = new LinkedHashMap<>();
        private final List<String> urlPatterns = new ArrayList<>();
        private final List<String> servletNames = new ArrayList<>();
        private EnumSet<DispatcherType> dispatcherTypes = EnumSet.of(DispatcherType.REQUEST);
        private boolean asyncSupported = true;

        FilterSpec(String name, String className, Filter instance) {
            this.name = name;
            this.className = className;
            this.instance = instance;
        }

        public String name() { return name; }
        public String className() { return className; }
        public Filter instance() { return instance; }
        public Map<String, String> initParams() { return initParams; }
        public List<String> urlPatterns() { return urlPatterns; }
        public List<String> servletNames() { return servletNames; }
        public EnumSet<DispatcherType> dispatcherTypes() { return dispatcherTypes; }
        public boolean asyncSupported() { return asyncSupported; }

        public FilterSpec initParam(String key, String value) {
            initParams.put(key, value);
            return this;
        }

        public FilterSpec urlPattern(String... patterns) {
            urlPatterns.addAll(List.of(patterns));
            return this;
        }

        public FilterSpec servletName(String... names) {
            servletNames.addAll(List.of(names));
            return this;
        }

        public FilterSpec dispatcherTypes(DispatcherType first, DispatcherType... rest) {
            this.dispatcherTypes = EnumSet.of(first, rest);
            return this;
        }

        public FilterSpec asyncSupported(boolean supported) {
            this.asyncSupported = supported;
            return this;
        }
    }

    /** A listener by instance or by class name. */
    public record ListenerSpec(String className, EventListener instance) {
    }

    /** A {@code ServletContainerInitializer} with the classes it asked for. */
    public record InitializerSpec(ServletContainerInitializer initializer, Set<Class<?>> handlesTypes) {
    }
}
