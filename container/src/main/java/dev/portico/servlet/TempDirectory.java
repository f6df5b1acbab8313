package dev.portico.servlet;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The private temporary directory of one context ({@code ServletContext.TEMPDIR}, Servlet 6.1 §4.8.1). */
final class TempDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(TempDirectory.class);

    private TempDirectory() {
    }

    /** Creates the directory of the context at {@code contextPath} ("" for the root context). */
    static Path create(String contextPath) throws IOException {
        return newPrivateDirectory("portico-" + (contextPath.isEmpty() ? "ROOT" : contextPath.substring(1)
                .replace('/', '_')) + "-");
    }

    /**
     * A new directory under java.io.tmpdir that only this user may enter. Unlike {@link Files#createTempDirectory}
     * it names the directory without a SecureRandom, whose set-up would add several milliseconds to start-up; the
     * name needs no secrecy, because mkdir is atomic and refuses a name that exists (a planted directory or symlink
     * included), and the directory is created owner-only.
     */
    private static Path newPrivateDirectory(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        boolean posix = base.getFileSystem().supportedFileAttributeViews().contains("posix");
        for (int attempt = 1; ; attempt++) {
            Path dir = base.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            try {
                return posix ? Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------"))) : Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** Deletes the directory and everything the app left in it; a failure is only logged. */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }
}
