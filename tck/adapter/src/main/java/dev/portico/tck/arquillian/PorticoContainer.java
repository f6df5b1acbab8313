package dev.portico.tck.arquillian;

import dev.portico.Portico;
import dev.portico.deploy.AppSource;
import dev.portico.deploy.Deployer;
import dev.portico.deploy.Deployment;
import dev.portico.server.ServerOptions;
import dev.portico.servlet.WebAppSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Portico as an Arquillian container: one embedded server for the whole run, started with no contexts; each
 * deployment is a war, written to a file and deployed the way the launcher deploys one ({@link Deployer}, then
 * {@link Portico#deploy}) at {@code /<war name without .war>}.
 *
 * <p>Tests run as clients ({@code @Deployment(testable = false)}) and reach the app through the {@code @ArquillianResource
 * URL} Arquillian builds from the {@link HTTPContext} returned here; it takes the context path from the first
 * {@link Servlet} listed, so every deployment lists its servlets.
 */
public final class PorticoContainer implements DeployableContainer<PorticoConfiguration> {
    private static final Logger log = LoggerFactory.getLogger(PorticoContainer.class);
    /** Every Portico context has one (it serves static resources and answers 404). */
    private static final String DEFAULT_SERVLET = "default";

    private final Map<String, Deployed> deployed = new ConcurrentHashMap<>();
    private PorticoConfiguration configuration;
    private Portico portico;
    private Path workDirectory;
    private Deployer deployer;

    private record Deployed(String contextPath, Deployment deployment, Path war) { }

    @Override
    public Class<PorticoConfiguration> getConfigurationClass() {
        return PorticoConfiguration.class;
    }

    @Override
    public void setup(PorticoConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() throws LifecycleException {
        try {
            workDirectory = Files.createTempDirectory("portico-tck-");
            deployer = new Deployer(new ServletApiOnlyLoader(Portico.class.getClassLoader()), false);
            ServerOptions options = ServerOptions.defaults()
                    .withHost(configuration.getBindAddress())
                    .withPort(configuration.getPort());
            portico = Portico.builder().options(options).build().start();
            log.info("Portico started on {}:{} ({})", configuration.getBindAddress(), portico.port(),
                    portico.describeThreads());
        } catch (Exception e) {
            throw new LifecycleException("could not start Portico: " + e, e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        for (String name : deployed.keySet()) {
            release(name);
        }
        if (portico != null) {
            portico.stop();
            portico = null;
        }
        deleteTree(workDirectory);
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // The TCK's tests all run on the client side: no protocol is packaged into the wars.
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = archive.getName();
        String contextPath = "/" + (name.endsWith(".war") ? name.substring(0, name.length() - 4) : name);
        Path war = workDirectory.resolve(name);
        archive.as(ZipExporter.class).exportTo(war.toFile(), true);
        Deployment deployment;
        try {
            deployment = deployer.deploy(AppSource.of(contextPath, war, null));
        } catch (dev.portico.deploy.DeploymentException e) {
            deleteFile(war);
            throw new DeploymentException(name + ": " + e.getMessage(), e);
        }
        try {
            portico.deploy(deployment.spec());
        } catch (Exception e) {
            deployment.close();
            deleteFile(war);
            throw new DeploymentException(name + ": " + e.getMessage(), e);
        }
        deployed.put(name, new Deployed(contextPath, deployment, war));
        return new ProtocolMetaData().addContext(httpContext(contextPath, deployment.spec()));
    }

    private HTTPContext httpContext(String contextPath, WebAppSpec spec) {
        HTTPContext context = new HTTPContext(configuration.getBindAddress(), portico.port());
        for (WebAppSpec.ServletSpec servlet : spec.servlets()) {
            context.add(new Servlet(servlet.name(), contextPath));
        }
        // Servlets an initializer registers are not in the spec; the default one stands for the context then.
        context.add(new Servlet(DEFAULT_SERVLET, contextPath));
        return context;
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        release(archive.getName());
    }

    private void release(String name) {
        Deployed app = deployed.remove(name);
        if (app == null) {
            return;
        }
        try {
            portico.undeploy(app.contextPath());
        } finally {
            app.deployment().close();
            deleteFile(app.war());
        }
    }

    private static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file, e.toString());
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(PorticoContainer::deleteFile);
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
