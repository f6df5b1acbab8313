package dev.portico.deploy;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The container as an app's class loader sees it (the parent of every {@link WebAppClassLoader}): the JDK,
 * {@code jakarta.servlet.*}, and — only for an app that brings no SLF4J of its own — the SLF4J API, so such an app
 * logs through the container's binding, as Jetty lets it. Nothing else: no {@code dev.portico.*}, no binding
 * ({@code org.slf4j.simple}), no other library of the container, and none of the container jar's resources or
 * {@code META-INF/services} files, so an app's {@code ServiceLoader} finds only the app's providers (an app with
 * its own slf4j and Logback would otherwise be offered the container's {@code SimpleServiceProvider}, a class of
 * another loader's SLF4J: "not a subtype").
 */
final class ContainerView extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** The packages of slf4j-api 2.x; a binding's packages (org.slf4j.simple, ...) are not among them. */
    private static final List<String> SLF4J_API_PACKAGES =
            List.of("org.slf4j", "org.slf4j.event", "org.slf4j.helpers", "org.slf4j.spi");

    private final ClassLoader container;
    private final boolean sharesSlf4j;

    /**
     * @param container   the loader that loaded the container (or, embedded, whatever the embedder names)
     * @param sharesSlf4j the SLF4J API is visible too: the app has none of its own
     */
    ContainerView(ClassLoader container, boolean sharesSlf4j) {
        super("portico-container-view", ClassLoader.getPlatformClassLoader());
        this.container = container;
        this.sharesSlf4j = sharesSlf4j;
    }

    /** A class name the app may get from the container. */
    boolean isVisible(String className) {
        if (WebAppClassLoader.isContainerOwned(className)) {
            return true;
        }
        int dot = className.lastIndexOf('.');
        return sharesSlf4j && dot > 0 && SLF4J_API_PACKAGES.contains(className.substring(0, dot));
    }

    /** A resource in a visible package ("jakarta/servlet/LocalStrings.properties"); nothing at the top level. */
    private boolean isVisibleResource(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        int slash = path.lastIndexOf('/');
        return slash > 0 && isVisible(path.substring(0, slash).replace('/', '.') + ".x");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isVisible(name)) {
            throw new ClassNotFoundException(name);
        }
        return container.loadClass(name);
    }

    @Override
    public URL getResource(String name) {
        return isVisibleResource(name) ? container.getResource(name) : null;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isVisibleResource(name) ? container.getResources(name) : Collections.emptyEnumeration();
    }

    @Override
    public String toString() {
        return getName();
    }
}
