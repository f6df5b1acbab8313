package dev.portico.servlet.statics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A file system path (the default one or a zip file system) confined to a root by its real path. */
record PathResource(Path path, BasicFileAttributes attributes) implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(PathResource.class);

    /**
     * The resource at {@code candidate} if it exists, its real path (symbolic links followed) is inside the real
     * path of {@code root}, and that real path relative to the real root is not {@code refused}; null otherwise.
     * Only directories and regular files count: a FIFO or device is not a file to serve (reading it could block
     * forever).
     */
    static Resource under(Path root, Path candidate, Predicate<String[]> refused) throws IOException {
        // Lexically first (the segments were checked, so this is a second line of defence), then for real.
        if (!candidate.normalize().startsWith(root.normalize())) {
            return null;
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException | SecurityException missing) {
            return null;
        }
        Path real;
        BasicFileAttributes attributes;
        try {
            real = candidate.toRealPath();
            attributes = Files.readAttributes(real, BasicFileAttributes.class);
        } catch (IOException | SecurityException missing) {
            return null;
        }
        if (!real.startsWith(realRoot)) {
            LOG.warn("refused {}: it resolves to {}, outside the root {}", candidate, real, realRoot);
            return null;
        }
        Path relative = realRoot.relativize(real);
        String[] realSegments = new String[relative.toString().isEmpty() ? 0 : relative.getNameCount()];
        for (int i = 0; i < realSegments.length; i++) {
            realSegments[i] = relative.getName(i).toString().replace("/", "");   // zip names directories "x/"
        }
        if (refused.test(realSegments)) {
            LOG.debug("refused {}: its real path {} is not served", candidate, real);
            return null;
        }
        if (!attributes.isDirectory() && !attributes.isRegularFile()) {
            return null;
        }
        return new PathResource(real, attributes);
    }

    @Override
    public boolean isDirectory() {
        return attributes.isDirectory();
    }

    @Override
    public long length() {
        return attributes.size();
    }

    @Override
    public long lastModified() {
        return attributes.lastModifiedTime().toMillis();
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }
}
