package dev.portico.servlet;

/**
 * Makes the app's class loader the thread context class loader for the length of a call into the app (DESIGN.md:
 * libraries such as JAXB or ServiceLoader users look classes up through it).
 */
final class AppClassLoader {
    private AppClassLoader() {
    }

    /** Installs {@code loader} and returns the loader to put back with {@link #exit}. */
    static ClassLoader enter(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous != loader) {
            thread.setContextClassLoader(loader);
        }
        return previous;
    }

    static void exit(ClassLoader previous) {
        Thread thread = Thread.currentThread();
        if (thread.getContextClassLoader() != previous) {
            thread.setContextClassLoader(previous);
        }
    }
}
