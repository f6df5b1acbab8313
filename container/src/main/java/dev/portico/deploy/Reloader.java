package dev.portico.deploy;

import dev.portico.servlet.WebAppSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --reload}: watches each app's files and redeploys the app when they change. Polling (not a WatchService)
 * because it sees a jar replaced by a rename, works the same on every file system, and lets us wait until a file
 * has stopped changing — a jar still being written is never read. A new version that fails to build or start is
 * dropped and the running one keeps serving; a version that replaced another is released only after the host has
 * swapped it in, so the old class loader can be collected.
 */
public final class Reloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    /** Where a new version goes: {@code Portico::deploy}, which replaces the context on the same path. */
    @FunctionalInterface
    public interface Host {
        void deploy(WebAppSpec spec) throws Exception;
    }

    /** Told about each outcome (the CLI prints them; tests wait for them). */
    public interface Listener {
        default void reloaded(Deployment deployment) {
        }

        default void failed(AppSource source, Exception cause) {
        }
    }

    private final Deployer deployer;
    private final Host host;
    private final Duration interval;
    private final Listener listener;
    private final List<Watched> apps = new ArrayList<>();
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);

    public Reloader(Deployer deployer, Host host, Duration interval, Listener listener) {
        this.deployer = deployer;
        this.host = host;
        this.interval = interval;
        this.listener = listener;
        this.thread = new Thread(this::run, "portico-reload");
        thread.setDaemon(true);
    }

    /** Starts watching an app that is already deployed. */
    public synchronized void watch(Deployment deployment) {
        Object now = fingerprint(deployment.source());
        apps.add(new Watched(deployment, now));
    }

    public Reloader start() {
        thread.start();
        return this;
    }

    /** The versions serving now (to close on shutdown). */
    public synchronized List<Deployment> current() {
        return apps.stream().map(w -> w.current).toList();
    }

    /**
     * Stops watching. A reload under way is not interrupted (it may be waiting for the old version's requests) but
     * finishes first. Deployments stay open: see {@link #current()}.
     */
    @Override
    public void close() {
        closing.countDown();
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!closing.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                synchronized (this) {
                    for (Watched app : apps) {
                        if (closing.getCount() == 0) {
                            return;
                        }
                        poll(app);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A change is acted on once two polls in a row see the same new state: the writer has finished. */
    private void poll(Watched app) {
        Object now = fingerprint(app.current.source());
        if (!Objects.equals(now, app.lastSeen)) {
            app.lastSeen = now;
            return;
        }
        if (Objects.equals(now, app.deployed)) {
            return;
        }
        app.deployed = now;
        reload(app);
    }

    private void reload(Watched app) {
        AppSource source = app.current.source();
        Deployment next;
        try {
            next = deployer.deploy(source);
        } catch (DeploymentException e) {
            log.error("Reload of {} failed, the running version stays: {}", source.label(), e.getMessage());
            listener.failed(source, e);
            return;
        }
        try {
            host.deploy(next.spec());
        } catch (Exception | LinkageError e) {
            next.close();
            log.error("Reload of {} failed to start, the running version stays: {}", source.label(),
                    e.getMessage() != null ? e.getMessage() : e.toString());
            listener.failed(source, e instanceof Exception exception ? exception : new IllegalStateException(e));
            return;
        }
        Deployment previous = app.current;
        app.current = next;
        previous.close();
        log.debug("Reloaded {} → {}", next.spec().contextPath().isEmpty() ? "/" : next.spec().contextPath(),
                next.description());
        listener.reloaded(next);
    }

    /** Changes when any watched file is added, removed, resized, touched or replaced. */
    static Object fingerprint(AppSource source) {
        List<Object> state = new ArrayList<>();
        addState(source.location(), state);
        for (Path library : source.libraries()) {
            addState(library, state);
        }
        return state;
    }

    private static void addState(Path root, List<Object> state) {
        if (!Files.isDirectory(root)) {
            state.add(fileState(root));
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted().forEach(f -> state.add(List.of(root.relativize(f).toString(), fileState(f))));
        } catch (IOException | UncheckedIOException e) {
            state.add("unreadable: " + e.getMessage());
        }
    }

    private static Object fileState(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.size(), attributes.lastModifiedTime(), String.valueOf(attributes.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }

    private static final class Watched {
        Deployment current;
        Object lastSeen;
        Object deployed;

        Watched(Deployment current, Object state) {
            this.current = current;
            this.lastSeen = state;
            this.deployed = state;
        }
    }
}
