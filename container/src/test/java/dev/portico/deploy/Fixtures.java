package dev.portico.deploy;

import jakarta.servlet.Servlet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds small apps for tests: compiles sources with the JDK's compiler and packs jars and wars. */
final class Fixtures {
    private Fixtures() {
    }

    /** Compiles {@code sources} (file path → text, e.g. "a/B.java") into {@code out}, servlet API on the path. */
    static Path compile(Path out, Map<String, String> sources, Path... classPath) throws IOException {
        Path src = Files.createTempDirectory(out.getParent(), "src");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-nowarn", "-proc:none", "-d",
                out.toString(), "-cp", classPath(classPath)));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        Files.createDirectories(out);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        if (compiler.run(null, diagnostics, diagnostics, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("fixture does not compile:\n" + diagnostics);
        }
        return out;
    }

    static String servletApiJar() {
        try {
            return Path.of(Servlet.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String classPath(Path... extra) {
        StringBuilder path = new StringBuilder(servletApiJar());
        for (Path p : extra) {
            path.append(java.io.File.pathSeparator).append(p);
        }
        return path.toString();
    }

    /** Zips {@code entries} (name → a file or directory to put there; a String value is written as text). */
    static Path zip(Path target, Map<String, ?> entries) throws IOException {
        Files.createDirectories(target.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, ?> entry : entries.entrySet()) {
                String name = entry.getKey();
                Object value = entry.getValue();
                if (value instanceof Path path && Files.isDirectory(path)) {
                    try (Stream<Path> files = Files.walk(path)) {
                        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                            String relative = path.relativize(file).toString().replace('\\', '/');
                            put(zip, name.isEmpty() ? relative : name + "/" + relative, Files.readAllBytes(file));
                        }
                    }
                } else if (value instanceof Path path) {
                    put(zip, name, Files.readAllBytes(path));
                } else {
                    put(zip, name, String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return target;
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) {
        try {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
