package dev.portico.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The app's static resources, looked up in its resource roots in order (ServletContext.getResource and friends).
 * Paths are resolved inside a root only: {@code ..} never leaves it, and neither does a symbolic link — a resource
 * whose real path (links followed) is not under the root's real path is not there.
 */
final class Resources {
    private final List<Path> roots;

    Resources(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The existing file or directory for a context-relative path ("/a/b"), or null. */
    Path find(String path) {
        for (Path root : roots) {
            Path p = resolve(root, path);
            if (p != null && Files.exists(p) && staysInside(root, p)) {
                return p;
            }
        }
        return null;
    }

    /** Whether the real path of an existing {@code p} lies under the real path of {@code root}. */
    private static boolean staysInside(Path root, Path p) {
        try {
            return p.toRealPath().startsWith(root.toRealPath());
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static Path resolve(Path root, String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        String canonical = UriPath.removeDotSegments(path);
        String relative = canonical.substring(1);
        Path base = root.normalize();
        Path p = relative.isEmpty() ? base : base.resolve(relative).normalize();
        return p.startsWith(base) ? p : null;
    }

    URL url(String path) throws MalformedURLException {
        if (path == null || !path.startsWith("/")) {
            throw new MalformedURLException("resource path must start with /: " + path);
        }
        Path p = find(path);
        return p == null ? null : p.toUri().toURL();
    }

    InputStream stream(String path) {
        Path p = find(path);
        if (p == null || Files.isDirectory(p)) {
            return null;
        }
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            return null;
        }
    }

    /** The direct children of a directory path, directories ending in "/"; null if there is no such directory. */
    Set<String> children(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("resource path must start with /: " + path);
        }
        String dir = path.endsWith("/") ? path : path + "/";
        Set<String> result = new TreeSet<>();
        boolean found = false;
        for (Path root : roots) {
            Path p = resolve(root, dir);
            if (p == null || !Files.isDirectory(p) || !staysInside(root, p)) {
                continue;
            }
            found = true;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
                for (Path entry : entries) {
                    if (!staysInside(root, entry)) {
                        continue;
                    }
                    String name = entry.getFileName().toString();
                    if (name.endsWith("/")) {
                        name = name.substring(0, name.length() - 1);   // zip file systems name directories "x/"
                    }
                    result.add(dir + name + (Files.isDirectory(entry) ? "/" : ""));
                }
            } catch (IOException e) {
                // unreadable directory: list what the other roots have
            }
        }
        return found ? result : null;
    }

    /** A file-system path for a resource, when a root is a plain directory (not inside a jar). */
    String realPath(String path) {
        if (path == null) {
            return null;
        }
        String p = path.startsWith("/") ? path : "/" + path;
        Path fallback = null;
        for (Path root : roots) {
            if (root.getFileSystem() != FileSystems.getDefault()) {
                continue;
            }
            Path resolved = resolve(root, p);
            if (resolved == null) {
                return null;
            }
            if (Files.exists(resolved)) {
                return staysInside(root, resolved) ? resolved.toAbsolutePath().toString() : null;
            }
            if (fallback == null) {
                fallback = resolved;
            }
        }
        return fallback == null ? null : fallback.toAbsolutePath().toString();
    }
}
