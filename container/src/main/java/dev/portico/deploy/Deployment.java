package dev.portico.deploy;

import dev.portico.servlet.WebAppSpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployed version of an app: the {@link WebAppSpec} to hand to the server, and what it holds on to — its class
 * loader, the jar file systems behind its resources, its unpacked war. {@link #close()} releases all of it; call it
 * only once the context built from the spec has been undeployed.
 */
public final class Deployment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Deployment.class);

    private final AppSource source;
    private final WebAppSpec spec;
    private final List<Closeable> openResources = new ArrayList<>();
    private final List<Path> temporaryTrees = new ArrayList<>();
    private WebAppClassLoader loader;
    private String description;
    private boolean closed;

    Deployment(AppSource source) {
        this.source = source;
        this.spec = new WebAppSpec(source.contextPath());
    }

    public AppSource source() {
        return source;
    }

    public WebAppSpec spec() {
        return spec;
    }

    /** What was found, for the start-up line: "hello.jar:example.hello.HelloServlet", "shop.war (2 servlets)". */
    public String description() {
        return description;
    }

    /** The app's own loader (tests check that it is collected after a reload). */
    public ClassLoader classLoader() {
        return loader;
    }

    void description(String description) {
        this.description = description;
    }

    void classLoader(WebAppClassLoader loader) {
        this.loader = loader;
        spec.classLoader(loader);
        openResources.add(loader);
    }

    void holdOpen(Closeable resource) {
        openResources.add(resource);
    }

    void deleteOnClose(Path tree) {
        temporaryTrees.add(tree);
    }

    /** Closes the class loader and jar file systems and deletes temporary files; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Closeable resource : openResources) {
            try {
                resource.close();
            } catch (IOException | RuntimeException e) {
                log.warn("Closing {} of {} failed: {}", resource, source.label(), e.toString());
            }
        }
        openResources.clear();
        for (Path tree : temporaryTrees) {
            try {
                FileTrees.deleteRecursively(tree);
            } catch (IOException e) {
                log.warn("Could not delete {}: {}", tree, e.toString());
            }
        }
        // The spec keeps a reference to the loader; drop ours so a spec held elsewhere is the only thing left.
        loader = null;
    }

    @Override
    public String toString() {
        return source.label() + " at " + (spec.contextPath().isEmpty() ? "/" : spec.contextPath());
    }
}
