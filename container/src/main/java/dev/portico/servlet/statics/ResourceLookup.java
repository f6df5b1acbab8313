package dev.portico.servlet.statics;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Finds the files and directories a static-file servlet may serve: under a directory on disk, or among the web
 * application's own resources ({@code ServletContext.getResource}). Whatever is found has a real path (symbolic
 * links resolved) under the root's real path and no refused name (see {@link NameRules}); anything else is not
 * there.
 */
public final class ResourceLookup {
    private final Path root;                 // real path of the root directory; null: the context's resources
    private final Supplier<ServletContext> context;
    private final NameRules rules;

    /**
     * @param root     the real path of the directory to serve, or null to serve the context's resources
     * @param context  the context whose resources are served when there is no root
     * @param dotfiles whether names starting with {@code .} are served and listed
     */
    public ResourceLookup(Path root, Supplier<ServletContext> context, boolean dotfiles) {
        this.root = root;
        this.context = context;
        this.rules = new NameRules(root == null, dotfiles);
    }

    /** Whether a root-relative path is one that is never served nor listed. */
    public boolean refuses(String[] segments) {
        return rules.refuses(segments);
    }

    /** The resource at a root-relative path, or null: missing, refused, or outside the root. */
    public Resource find(String[] segments) throws IOException {
        if (root != null) {
            Path candidate;
            try {
                candidate = root.resolve(String.join("/", segments));
            } catch (InvalidPathException notAName) {
                return null;     // a name this file system cannot hold cannot be one of its files
            }
            return PathResource.under(root, candidate, rules::refuses);
        }
        String path = "/" + String.join("/", segments);
        URL url = context.get().getResource(path);
        if (url == null) {
            return null;
        }
        Path file = toPath(url);
        if (file != null) {
            // The context resolved root + path; walking back up as many levels as the path has segments gives the
            // resource root it came from, whichever of several roots that was.
            Path resourceRoot = file;
            for (int i = 0; i < segments.length && resourceRoot != null; i++) {
                resourceRoot = resourceRoot.getParent();
            }
            return resourceRoot == null ? null : PathResource.under(resourceRoot, file, rules::refuses);
        }
        String dirPath = path.endsWith("/") ? path : path + "/";
        return UrlResource.open(url, context.get().getResourcePaths(dirPath) != null);
    }

    /**
     * The names in a directory a listing may show, subdirectories ending in "/": those a request for them would be
     * served, so neither a refused name nor a link whose real path is refused or outside the root appears.
     */
    public List<String> servableChildren(String[] segments) throws IOException {
        List<String> names = root != null
                ? listDirectory(root.resolve(String.join("/", segments)))
                : listResources("/" + String.join("/", segments) + (segments.length == 0 ? "" : "/"));
        List<String> shown = new ArrayList<>(names.size());
        for (String name : names) {
            String[] child = PathSegments.child(segments,
                    name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            if (rules.refuses(child)) {
                continue;
            }
            try (Resource resource = find(child)) {
                if (resource != null) {
                    shown.add(name);
                }
            }
        }
        return shown;
    }

    private static Path toPath(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException | SecurityException e) {
            return null;   // e.g. a jar: URL whose zip file system is not open: read it through the URL instead
        }
    }

    private static List<String> listDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")).toList();
        }
    }

    private List<String> listResources(String dirPath) {
        Set<String> paths = context.get().getResourcePaths(dirPath);
        List<String> names = new ArrayList<>();
        if (paths != null) {
            for (String p : paths) {
                names.add(p.substring(dirPath.length()));
            }
        }
        return names;
    }
}
