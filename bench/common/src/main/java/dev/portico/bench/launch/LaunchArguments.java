package dev.portico.bench.launch;

import jakarta.servlet.Servlet;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line every benchmark launcher takes, the same as Portico's own CLI for the part that matters here:
 * {@code [--port N] [--threads N] JAR:CLASS}. The servlet class is loaded from the jar in a class loader of its own,
 * so every server runs the very same bytes, loaded the same way.
 *
 * @param threads 0 means the server's default; only the Portico launchers use it
 */
public record LaunchArguments(int port, int threads, Path jar, String className) {

    public static LaunchArguments parse(String[] args) {
        int port = 8080;
        int threads = 0;
        String app = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                default -> {
                    if (args[i].startsWith("--") || app != null) {
                        throw new IllegalArgumentException("usage: [--port N] [--threads N] JAR:CLASS");
                    }
                    app = args[i];
                }
            }
        }
        if (app == null) {
            throw new IllegalArgumentException("usage: [--port N] [--threads N] JAR:CLASS");
        }
        int colon = app.lastIndexOf(':');
        if (colon <= 0 || colon == app.length() - 1) {
            throw new IllegalArgumentException("expected JAR:CLASS, got " + app);
        }
        Path jar = Path.of(app.substring(0, colon));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no such jar: " + jar);
        }
        return new LaunchArguments(port, threads, jar, app.substring(colon + 1));
    }

    /** A class loader for the app's jar whose parent provides the container's jakarta.servlet classes. */
    public ClassLoader appLoader(ClassLoader parent) {
        try {
            return new URLClassLoader("bench-app", new URL[] {jar.toUri().toURL()}, parent);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Servlet newServlet(ClassLoader loader) throws ReflectiveOperationException {
        return Class.forName(className, true, loader).asSubclass(Servlet.class).getDeclaredConstructor().newInstance();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
