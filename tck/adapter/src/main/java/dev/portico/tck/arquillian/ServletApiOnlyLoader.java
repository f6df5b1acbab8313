package dev.portico.tck.arquillian;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * The parent of every deployed app's class loader: the JDK, plus {@code jakarta.servlet.*} from the container.
 * The test run's class path also holds the TCK's client side, JUnit, Arquillian and ShrinkWrap; a real container
 * would not show those to an app, so neither does this one (a war must bring what it uses in WEB-INF).
 */
final class ServletApiOnlyLoader extends ClassLoader {
    private static final String API_PACKAGE = "jakarta.servlet.";
    private static final String API_RESOURCES = "jakarta/servlet/";

    private final ClassLoader container;

    ServletApiOnlyLoader(ClassLoader container) {
        super("portico-tck-servlet-api", ClassLoader.getPlatformClassLoader());
        this.container = container;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return container.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return name.startsWith(API_RESOURCES) ? container.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith(API_RESOURCES) ? container.getResources(name) : super.getResources(name);
    }
}
