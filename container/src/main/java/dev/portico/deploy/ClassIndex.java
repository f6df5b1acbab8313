package dev.portico.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class files of an app, read but not loaded: answers "which classes carry this annotation" and "which classes
 * extend or implement this type" for annotation discovery and {@code @HandlesTypes} (Servlet 6.1 §8.1, §8.2.4).
 * Supertypes outside the index (the container's, the JDK's) are asked of the app's class loader, which only ever
 * loads them from the container.
 */
final class ClassIndex {
    private static final Logger log = LoggerFactory.getLogger(ClassIndex.class);

    private final Map<String, ClassFile> classes = new LinkedHashMap<>();
    private final Map<String, Boolean> assignableCache = new HashMap<>();

    /** Adds every class file under a directory of classes or inside a jar. */
    void scan(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> isClassFile(f.toString()) && Files.isRegularFile(f)).forEach(f -> {
                    try (InputStream in = Files.newInputStream(f)) {
                        add(in, f.toString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } else {
            try (ZipFile zip = new ZipFile(root.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    // Multi-release variants repeat a class; the base entry is enough to know its shape.
                    if (!entry.isDirectory() && isClassFile(entry.getName())
                            && !entry.getName().startsWith("META-INF/")) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            add(in, root + "!/" + entry.getName());
                        }
                    }
                }
            }
        }
    }

    private static boolean isClassFile(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class") && !name.endsWith("package-info.class");
    }

    private void add(InputStream in, String where) {
        try {
            ClassFile file = ClassFile.read(in);
            classes.putIfAbsent(file.name(), file);
        } catch (IOException | RuntimeException e) {
            log.warn("Skipping unreadable class file {}: {}", where, e.getMessage());
        }
    }

    int size() {
        return classes.size();
    }

    /** Classes with the given annotation directly on them, in scan order. */
    List<String> annotatedWith(String annotation) {
        List<String> names = new ArrayList<>();
        for (ClassFile file : classes.values()) {
            if (file.annotations().contains(annotation)) {
                names.add(file.name());
            }
        }
        return names;
    }

    /** Classes (not the type itself) that extend or implement {@code type}, directly or through other classes. */
    List<String> subtypesOf(String type, ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (ClassFile file : classes.values()) {
            if (!file.name().equals(type) && isSubtype(file.name(), type, loader)) {
                names.add(file.name());
            }
        }
        return names;
    }

    private boolean isSubtype(String name, String type, ClassLoader loader) {
        if (name.equals(type)) {
            return true;
        }
        String key = name + '<' + type;
        Boolean known = assignableCache.get(key);
        if (known != null) {
            return known;
        }
        boolean result;
        ClassFile file = classes.get(name);
        if (file != null) {
            result = file.superName() != null && isSubtype(file.superName(), type, loader);
            for (int i = 0; !result && i < file.interfaces().size(); i++) {
                result = isSubtype(file.interfaces().get(i), type, loader);
            }
        } else {
            result = isAssignableOutsideIndex(name, type, loader);
        }
        assignableCache.put(key, result);
        return result;
    }

    /** A supertype that is not the app's own: load both (without initializing) and ask the JVM. */
    private static boolean isAssignableOutsideIndex(String name, String type, ClassLoader loader) {
        if (name.equals("java.lang.Object")) {
            return false;
        }
        try {
            Class<?> target = Class.forName(type, false, loader);
            return target.isAssignableFrom(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError missing) {
            return false;
        }
    }
}
