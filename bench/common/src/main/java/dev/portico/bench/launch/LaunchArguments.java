package dev.portico.bench.launch;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line every benchmark launcher takes, the same as Portico's own CLI for the part that matters here:
 * {@code [--port N] [--threads N] [--tls-keystore FILE --tls-password-file FILE] [--gzip] JAR:CLASS}. The servlet
 * class is loaded from the jar in a class loader of its own, so every server runs the very same bytes, loaded the
 * same way.
 *
 * @param threads         0 means the server's default; only the Portico launchers use it
 * @param tlsKeystore     a PKCS12 keystore: the port speaks HTTPS only, with {@link JdkTls}'s protocols and
 *                        ciphers; null for plain HTTP
 * @param tlsPasswordFile the file holding the keystore's password (and the key's: keytool makes them the same)
 * @param gzip            compress responses the client accepts gzip for, with the server's own defaults
 */
public record LaunchArguments(int port, int threads, Path jar, String className, Path tlsKeystore,
                              Path tlsPasswordFile, boolean gzip) {
    private static final String USAGE =
            "usage: [--port N] [--threads N] [--tls-keystore FILE --tls-password-file FILE] [--gzip] JAR:CLASS";

    public static LaunchArguments parse(String[] args) {
        int port = 8080;
        int threads = 0;
        Path keystore = null;
        Path passwordFile = null;
        boolean gzip = false;
        String app = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                case "--tls-keystore" -> keystore = existingFile(value(args, ++i, "--tls-keystore"));
                case "--tls-password-file" -> passwordFile = existingFile(value(args, ++i, "--tls-password-file"));
                case "--gzip" -> gzip = true;
                default -> {
                    if (args[i].startsWith("--") || app != null) {
                        throw new IllegalArgumentException(USAGE);
                    }
                    app = args[i];
                }
            }
        }
        if (app == null) {
            throw new IllegalArgumentException(USAGE);
        }
        if ((keystore == null) != (passwordFile == null)) {
            throw new IllegalArgumentException("--tls-keystore and --tls-password-file go together");
        }
        int colon = app.lastIndexOf(':');
        if (colon <= 0 || colon == app.length() - 1) {
            throw new IllegalArgumentException("expected JAR:CLASS, got " + app);
        }
        Path jar = existingFile(app.substring(0, colon));
        return new LaunchArguments(port, threads, jar, app.substring(colon + 1), keystore, passwordFile, gzip);
    }

    public boolean tls() {
        return tlsKeystore != null;
    }

    /** The keystore password: the password file's first line, as Portico's --tls-password-file reads it. */
    public String tlsPassword() {
        try {
            return Files.readString(tlsPasswordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tlsPasswordFile, e);
        }
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

    private static Path existingFile(String name) {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        return file;
    }
}
