package dev.portico.cli;

import dev.portico.Portico;
import dev.portico.deploy.Deployer;
import dev.portico.deploy.Deployment;
import dev.portico.deploy.DeploymentException;
import dev.portico.deploy.Reloader;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.DefaultServlet;
import dev.portico.servlet.WebAppSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options → deployments → a running server, all or nothing: if anything fails before the server is up, what was
 * started is stopped and released, and the failure is a {@link UsageException}. Then {@link #stop()} (from the
 * shutdown hook) stops gracefully and releases everything.
 */
final class Launcher {
    static final Duration RELOAD_INTERVAL = Duration.ofMillis(250);

    private final Settings settings;
    private final PrintStream out;
    private final List<Deployment> deployments = new ArrayList<>();
    private Deployer deployer;
    private Portico portico;
    private Reloader reloader;
    private AccessLog accessLog;
    private boolean stopped;

    Launcher(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    void start() throws UsageException {
        try {
            startAll();
        } catch (UsageException e) {
            stop();
            throw e;
        } catch (RuntimeException | LinkageError e) {
            stop();
            throw new UsageException(Failures.chain(e), e);
        }
    }

    private void startAll() throws UsageException {
        Path staticDir = settings.staticDir();
        if (staticDir != null && !Files.isDirectory(staticDir)) {
            throw new UsageException("--static " + staticDir + ": " + (Files.exists(staticDir)
                    ? "not a directory" : "no such directory"));
        }
        if (settings.accessLog() != null) {
            try {
                accessLog = AccessLog.open(settings.accessLog());
            } catch (IOException e) {
                throw new UsageException("--access-log " + settings.accessLog() + ": cannot be written ("
                        + e.getMessage() + ")");
            }
        }
        deployer = new Deployer(Launcher.class.getClassLoader(), settings.reload());
        List<WebAppSpec> contexts = new ArrayList<>();
        for (var source : settings.apps()) {
            try {
                Deployment deployment = deployer.deploy(source);
                deployments.add(deployment);
                checkUniqueContext(deployment);
                contexts.add(deployment.spec());
            } catch (DeploymentException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        String staticLabel = null;
        if (staticDir != null) {
            staticLabel = "files from " + staticDir;
            if (contexts.isEmpty()) {
                contexts.add(new WebAppSpec("").displayName(staticLabel));
            }
            mountStatic(contexts.get(0));
        }

        Portico.Builder builder = Portico.builder().options(settings.server()).requestLog(accessLog)
                .health(settings.healthPath()).drain(settings.drain());
        contexts.forEach(builder::context);
        portico = builder.build();
        try {
            portico.start();
        } catch (Exception e) {
            throw new UsageException(Failures.describe(e, settings.server().host(), settings.server().port()), e);
        }

        if (settings.reload()) {
            reloader = new Reloader(deployer, this::redeploy, RELOAD_INTERVAL, new ReloadMessages());
            deployments.forEach(reloader::watch);
            reloader.start();
        }
        printBanner(contexts, staticLabel);
    }

    /** Two apps at one path would silently replace each other; an app's default-context-path can cause it. */
    private void checkUniqueContext(Deployment deployment) throws UsageException {
        String path = deployment.spec().contextPath();
        for (Deployment other : deployments) {
            if (other != deployment && other.spec().contextPath().equals(path)) {
                throw new UsageException("duplicate context path " + (path.isEmpty() ? "/" : path) + ": "
                        + other.source().location() + " and " + deployment.source().location()
                        + " (give one a /context=)");
            }
        }
    }

    /** The first context gets the static files; checked here so a clash is an operator error, not a 500. */
    private void mountStatic(WebAppSpec spec) throws UsageException {
        for (WebAppSpec.ServletSpec servlet : spec.servlets()) {
            if (servlet.mappings().contains("/")) {
                throw new UsageException("--static: " + spec.displayName() + " already has a default servlet (\"/\")");
            }
        }
        // An instance, not a class name: the app's class loader does not see the container's classes.
        spec.servlet("portico-static", new DefaultServlet())
                .initParam("root", settings.staticDir().toAbsolutePath().normalize().toString())
                .initParam("dotfiles", String.valueOf(settings.staticDotfiles()))
                .mapping("/");
    }

    /** A reloaded first app gets its static files again. */
    private void redeploy(WebAppSpec spec) throws Exception {
        if (settings.staticDir() != null && !deployments.isEmpty()
                && spec.contextPath().equals(deployments.get(0).spec().contextPath())) {
            mountStatic(spec);
        }
        portico.deploy(spec);
    }

    private void printBanner(List<WebAppSpec> contexts, String staticLabel) {
        String host = settings.server().host();
        int tlsPort = portico.tlsPort();
        String urls = tlsPort == portico.port() ? url("https", host, tlsPort)
                : url("http", host, portico.port()) + (tlsPort < 0 ? "" : " and " + url("https", host, tlsPort));
        String base = "Portico " + Version.current() + " on " + urls;
        String runtime = " (Java " + Runtime.version().feature() + ", " + portico.describeThreads() + ")";
        for (int i = 0; i < contexts.size(); i++) {
            String context = contexts.get(i).contextPath().isEmpty() ? "/" : contexts.get(i).contextPath();
            String what = i < deployments.size() ? deployments.get(i).description() : staticLabel;
            if (i == 0 && staticLabel != null && !deployments.isEmpty()) {
                what += " + " + staticLabel;
            }
            out.println(base + " — " + context + " → " + what + runtime);
        }
        out.flush();
    }

    static String url(String scheme, String host, int port) {
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + shown + ":" + port;
    }

    void awaitStop() throws InterruptedException {
        portico.awaitStop();
    }

    /** Graceful: in-flight requests finish, apps are destroyed, then loaders, files and the log are released. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (reloader != null) {
            reloader.close();
            deployments.clear();
            deployments.addAll(reloader.current());
        }
        if (portico != null) {
            try {
                portico.stop();
            } catch (RuntimeException e) {
                // Stopping a server that never fully started; nothing more to release there.
            }
        }
        deployments.forEach(Deployment::close);
        if (accessLog != null) {
            accessLog.close();
        }
    }

    /** Human lines for --reload outcomes; the failure itself is logged by the reloader. */
    private final class ReloadMessages implements Reloader.Listener {
        @Override
        public void reloaded(Deployment deployment) {
            String context = deployment.spec().contextPath().isEmpty() ? "/" : deployment.spec().contextPath();
            out.println("Reloaded " + context + " → " + deployment.description());
            out.flush();
        }
    }
}
