package dev.portico.deploy;

import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.HandlesTypes;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * {@code ServletContainerInitializer}s (Servlet 6.1 §8.2.4): found with {@link ServiceLoader} over the app's loader
 * — the app's classes and its libraries — and handed the classes that match their {@code @HandlesTypes}.
 */
final class Initializers {
    private Initializers() {
    }

    /**
     * Finds the app's initializers, instantiates them and adds them with their classes; returns how many.
     *
     * @param excluded library jars an {@code <absolute-ordering>} left out: their initializers are not run
     *                 (§8.2.4)
     */
    static int discover(WebAppSpec spec, ClassLoader loader, ClassIndexSupplier classes, List<Path> excluded)
            throws DeploymentException {
        Set<URI> excludedJars = new HashSet<>();
        excluded.forEach(jar -> excludedJars.add(jar.toUri()));
        List<ServiceLoader.Provider<ServletContainerInitializer>> providers = new ArrayList<>();
        try {
            ServiceLoader.load(ServletContainerInitializer.class, loader).stream()
                    // The container's own class path is not the app's: only initializers the app brings count.
                    .filter(p -> p.type().getClassLoader() == loader)
                    .filter(p -> excludedJars.isEmpty() || !excludedJars.contains(jarOf(p.type())))
                    .forEach(providers::add);
        } catch (ServiceConfigurationError e) {
            throw new DeploymentException("cannot load a ServletContainerInitializer: " + e.getMessage(), e);
        }
        for (ServiceLoader.Provider<ServletContainerInitializer> provider : providers) {
            Class<? extends ServletContainerInitializer> type = provider.type();
            add(spec, type, instantiate(type, loader), loader, classes);
        }
        return providers.size();
    }

    private static URI jarOf(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        try {
            return code == null || code.getLocation() == null ? null : code.getLocation().toURI();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Adds one initializer (found or named on the command line) with the classes its @HandlesTypes asks for. */
    static void add(WebAppSpec spec, Class<?> type, ServletContainerInitializer initializer, ClassLoader loader,
                    ClassIndexSupplier classes) throws DeploymentException {
        spec.initializer(initializer, handledClasses(type, loader, classes));
    }

    static ServletContainerInitializer instantiate(Class<?> type, ClassLoader loader) throws DeploymentException {
        return (ServletContainerInitializer) Instantiation.newInstance(type, loader);
    }

    /** The app's classes that extend, implement or are annotated with a handled type; null if none (§8.2.4). */
    private static Set<Class<?>> handledClasses(Class<?> type, ClassLoader loader, ClassIndexSupplier classes)
            throws DeploymentException {
        HandlesTypes handles;
        try {
            handles = type.getAnnotation(HandlesTypes.class);
        } catch (TypeNotPresentException e) {
            throw new DeploymentException(type.getName() + " @HandlesTypes names a missing class: "
                    + e.typeName(), e);
        }
        if (handles == null || handles.value().length == 0) {
            return null;
        }
        ClassIndex index = classes.get();
        Set<Class<?>> matches = new LinkedHashSet<>();
        for (Class<?> handled : handles.value()) {
            List<String> names = handled.isAnnotation()
                    ? index.annotatedWith(handled.getName())
                    : index.subtypesOf(handled.getName(), loader);
            for (String name : names) {
                AnnotatedComponents.load(name, loader).ifPresent(matches::add);
            }
        }
        return matches.isEmpty() ? null : matches;
    }

    /** The index of the app's classes and libraries, built only when an initializer needs it. */
    @FunctionalInterface
    interface ClassIndexSupplier {
        ClassIndex get() throws DeploymentException;
    }

    static ClassIndexSupplier lazy(List<Path> roots) {
        ClassIndex[] built = new ClassIndex[1];
        return () -> {
            if (built[0] == null) {
                ClassIndex index = new ClassIndex();
                for (Path root : roots) {
                    try {
                        index.scan(root);
                    } catch (IOException e) {
                        throw new DeploymentException("cannot read " + root + ": " + e.getMessage(), e);
                    }
                }
                built[0] = index;
            }
            return built[0];
        };
    }
}
