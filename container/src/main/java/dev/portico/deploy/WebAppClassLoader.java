package dev.portico.deploy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One web application's class loader: the app's own classes and libraries win over the container's (child-first,
 * Servlet 6.1 §10.7.2), except for the platform and the servlet API, which always come from the container — so an
 * app that bundles its own {@code jakarta.servlet-api} still hands the container the {@code Servlet} type it knows.
 * Of the container it sees only what {@link ContainerView} shows (§10.7.2: the container's implementation classes
 * are hidden from the app). {@link #close()} releases the jar files (used on undeploy and after a reload).
 */
final class WebAppClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** Packages of the JDK's own modules (java.*, javax.xml.*, org.w3c.dom, jdk.*, ...): never overridable. */
    private static final Set<String> PLATFORM_PACKAGES = platformPackages();

    /** Marks an app that brings its own slf4j-api: it then gets none of the container's. */
    private static final String SLF4J_API_CLASS = "org/slf4j/LoggerFactory.class";

    /**
     * @param container the container's class loader; the app sees it only through a {@link ContainerView}
     */
    WebAppClassLoader(String appName, List<URL> classPath, ClassLoader container) {
        this(appName, classPath.toArray(URL[]::new), container);
    }

    private WebAppClassLoader(String appName, URL[] classPath, ClassLoader container) {
        super("portico-app[" + appName + "]", classPath, new ContainerView(container, !bringsSlf4j(classPath)));
    }

    /** Decided once per app, so its SLF4J never mixes classes of two loaders (LinkageErrors). */
    private static boolean bringsSlf4j(URL[] classPath) {
        try (URLClassLoader probe = new URLClassLoader(classPath, null)) {
            return probe.findResource(SLF4J_API_CLASS) != null;
        } catch (IOException e) {
            return true;
        }
    }

    /** True for the names the container must own: the platform and jakarta.servlet (§10.7.2). */
    static boolean isContainerOwned(String className) {
        if (className.startsWith("java.") || className.startsWith("jakarta.servlet.")) {
            return true;
        }
        int dot = className.lastIndexOf('.');
        return dot > 0 && PLATFORM_PACKAGES.contains(className.substring(0, dot));
    }

    private static boolean isContainerOwnedResource(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return false;
        }
        return isContainerOwned(path.substring(0, slash).replace('/', '.') + ".x");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isContainerOwned(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notInApp) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isContainerOwnedResource(name)) {
            return super.getResource(name);
        }
        URL url = findResource(name);
        return url != null ? url : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>();
        if (isContainerOwnedResource(name)) {
            urls.addAll(Collections.list(getParent().getResources(name)));
            urls.addAll(Collections.list(findResources(name)));
        } else {
            urls.addAll(Collections.list(findResources(name)));
            urls.addAll(Collections.list(getParent().getResources(name)));
        }
        return Collections.enumeration(urls);
    }

    private static Set<String> platformPackages() {
        Set<String> packages = new HashSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            String name = module.getName();
            if (name.startsWith("java.") || name.startsWith("jdk.")) {
                packages.addAll(module.getPackages());
            }
        }
        return Set.copyOf(packages);
    }

    @Override
    public String toString() {
        return getName();
    }
}
