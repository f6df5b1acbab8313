package dev.portico.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Where an app's parts are once its location is understood: its own classes, its libraries, its document root and
 * its web.xml. A war is unpacked first (Servlet 6.1 §10.5: {@code WEB-INF/classes}, then {@code WEB-INF/lib/*.jar});
 * a directory with a {@code WEB-INF} is taken as an unpacked war; any other directory or file is classes.
 *
 * <p>Only a war has a document root. A jar or a directory of classes is a class path: serving it would publish its
 * {@code .class} files and resources (properties, configuration) to anyone; like a library jar (§4.6), it serves
 * only what it keeps under {@code META-INF/resources}.
 */
final class AppLayout {
    enum Kind { JAR, CLASSES_DIRECTORY, WAR_DIRECTORY, WAR }

    final Kind kind;
    /** The war's root, served as resources; null for a jar or a directory of classes. */
    final Path documentRoot;
    /** The app's own classes: WEB-INF/classes, the directory or the jar. */
    final Path ownClasses;
    /** WEB-INF/lib jars in name order (the spec leaves the order open; name order makes it repeatable). */
    final List<Path> libraries;

    private AppLayout(Kind kind, Path documentRoot, Path ownClasses, List<Path> libraries) {
        this.kind = kind;
        this.documentRoot = documentRoot;
        this.ownClasses = ownClasses;
        this.libraries = libraries;
    }

    static Kind kindOf(Path location) throws DeploymentException {
        if (!Files.exists(location)) {
            throw new DeploymentException(location + ": no such file or directory");
        }
        if (!Files.isReadable(location)) {
            throw new DeploymentException(location + ": cannot be read (permission denied)");
        }
        if (Files.isDirectory(location)) {
            return Files.isDirectory(location.resolve("WEB-INF")) ? Kind.WAR_DIRECTORY : Kind.CLASSES_DIRECTORY;
        }
        try (ZipFile ignored = new ZipFile(location.toFile())) {
            // Only checking that it opens as a zip.
        } catch (IOException e) {
            throw new DeploymentException(location + ": not a jar or war file (" + e.getMessage() + ")");
        }
        return location.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".war")
                ? Kind.WAR : Kind.JAR;
    }

    /**
     * @param unpacked for a WAR, the directory it was unpacked into; for the others, the (possibly copied)
     *                 location itself
     */
    static AppLayout of(Kind kind, Path unpacked) throws DeploymentException {
        return switch (kind) {
            case JAR -> new AppLayout(kind, null, unpacked, List.of());
            case CLASSES_DIRECTORY -> new AppLayout(kind, null, unpacked, List.of());
            case WAR, WAR_DIRECTORY -> new AppLayout(kind, unpacked, unpacked.resolve("WEB-INF/classes"),
                    jarsIn(unpacked.resolve("WEB-INF/lib")));
        };
    }

    /** A jar itself, or the jars in a directory (name order); an empty list for a directory that is not there. */
    static List<Path> jarsIn(Path directoryOrJar) throws DeploymentException {
        if (!Files.isDirectory(directoryOrJar)) {
            return Files.isRegularFile(directoryOrJar) ? List.of(directoryOrJar) : List.of();
        }
        try (Stream<Path> files = Files.list(directoryOrJar)) {
            List<Path> jars = new ArrayList<>(files
                    .filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted().toList());
            return jars;
        } catch (IOException e) {
            throw new DeploymentException(directoryOrJar + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    /** All class path entries, own classes first. */
    List<Path> classPath() {
        List<Path> entries = new ArrayList<>();
        if (Files.exists(ownClasses)) {
            entries.add(ownClasses);
        }
        entries.addAll(libraries);
        return entries;
    }

    /** web.xml as a file; for a jar, null (it is read from inside the jar, see {@link #WEB_XML}). */
    Path webXmlFile() {
        return kind == Kind.JAR ? null : (documentRoot != null ? documentRoot : ownClasses).resolve(WEB_XML);
    }

    /** A directory of classes serves its {@code META-INF/resources}, as a jar does; null when it has none. */
    Path classesDirectoryResources() {
        Path resources = ownClasses.resolve(META_INF_RESOURCES);
        return kind == Kind.CLASSES_DIRECTORY && Files.isDirectory(resources) ? resources : null;
    }

    static final String META_INF_RESOURCES = "META-INF/resources";

    static final String WEB_XML = "WEB-INF/web.xml";
}
