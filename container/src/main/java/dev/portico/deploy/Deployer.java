package dev.portico.deploy;

import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.w3c.dom.Element;

/**
 * Turns an {@link AppSource} into a {@link Deployment}: lays the app out, gives it its own class loader, and fills
 * its {@link WebAppSpec} — from the class it names, or by discovery (web.xml, annotations, initializers).
 * Knows nothing of HTTP; the caller hands the spec to the server.
 */
public final class Deployer {
    private final ClassLoader parent;
    private final boolean snapshot;

    /** Apps see the container (the JDK and jakarta.servlet, see ContainerView) through the loader of Portico. */
    public Deployer() {
        this(Deployer.class.getClassLoader(), false);
    }

    /**
     * @param parent   the container's loader, asked for java.*, jakarta.servlet.* and (for an app without its own)
     *                 the SLF4J API; nothing else of it is visible to the app
     * @param snapshot copy each app before loading it, so a file rewritten in place (a reload) never changes the
     *                 running version under its feet
     */
    public Deployer(ClassLoader parent, boolean snapshot) {
        this.parent = parent;
        this.snapshot = snapshot;
    }

    public Deployment deploy(AppSource source) throws DeploymentException {
        Deployment deployment = new Deployment(source);
        try {
            build(deployment);
            return deployment;
        } catch (DeploymentException e) {
            deployment.close();
            throw e;
        } catch (IOException e) {
            deployment.close();
            throw new DeploymentException(source.label() + ": " + e, e);
        } catch (RuntimeException | LinkageError e) {
            deployment.close();
            throw new DeploymentException(source.label() + ": " + e, e);
        }
    }

    private void build(Deployment deployment) throws DeploymentException, IOException {
        AppSource source = deployment.source();
        AppLayout.Kind kind = AppLayout.kindOf(source.location());
        List<Path> extraLibraries = new ArrayList<>();
        for (Path library : source.libraries()) {
            if (!Files.exists(library)) {
                throw new DeploymentException("--lib " + library + ": no such file or directory");
            }
            extraLibraries.addAll(AppLayout.jarsIn(library));
        }

        Path location = source.location();
        Path work = null;
        if (snapshot || kind == AppLayout.Kind.WAR) {
            work = Files.createTempDirectory("portico-" + safeName(source));
            deployment.deleteOnClose(work);
        }
        if (kind == AppLayout.Kind.WAR) {
            Path unpacked = work.resolve("root");
            FileTrees.unzip(location, unpacked);
            location = unpacked;
        } else if (snapshot) {
            Path copy = work.resolve(location.getFileName().toString());
            FileTrees.copy(location, copy);
            location = copy;
        }
        if (snapshot) {
            List<Path> copies = new ArrayList<>();
            Path libraryCopies = Files.createDirectories(work.resolve("lib"));
            for (Path library : extraLibraries) {
                Path copy = libraryCopies.resolve(copies.size() + "-" + library.getFileName());
                Files.copy(library, copy);
                copies.add(copy);
            }
            extraLibraries = copies;
        }

        AppLayout layout = AppLayout.of(kind, location);
        List<Path> classPath = new ArrayList<>(layout.classPath());
        classPath.addAll(extraLibraries);
        WebAppClassLoader loader = new WebAppClassLoader(source.label(), urls(classPath), parent);
        deployment.classLoader(loader);

        WebAppSpec spec = deployment.spec();
        spec.displayName(source.label());
        addResourceRoots(deployment, layout, extraLibraries);
        Initializers.ClassIndexSupplier allClasses = Initializers.lazy(classPath);
        if (source.className() != null) {
            deployNamedClass(deployment, loader, allClasses);
        } else {
            discover(deployment, layout, extraLibraries, loader, allClasses);
        }
        source.contextParams().forEach(spec::contextParam);
    }

    /** {@code LOCATION:CLASS}: a servlet at /*, or an initializer or listener that registers what it wants. */
    private void deployNamedClass(Deployment deployment, ClassLoader loader,
                                  Initializers.ClassIndexSupplier allClasses) throws DeploymentException {
        AppSource source = deployment.source();
        WebAppSpec spec = deployment.spec();
        String name = source.className();
        String file = source.location().getFileName().toString();
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new DeploymentException("class " + name + " not found in " + file);
        } catch (LinkageError e) {
            throw new DeploymentException("class " + name + " in " + file + " cannot be loaded: " + e
                    + missingLibraryHint(e));
        }
        if (Servlet.class.isAssignableFrom(type)) {
            Instantiation.publicNoArgConstructor(type);
            // Loaded at start (load-on-startup), so a failing init() stops the launch instead of the first request.
            WebAppSpec.ServletSpec servlet = spec.servlet(name, name).mapping("/*").loadOnStartup(0)
                    .asyncSupported(source.asyncSupported());
            AnnotatedComponents.applyServletAnnotations(servlet, type);
            source.initParams().forEach(servlet::initParam);
        } else {
            if (!source.initParams().isEmpty()) {
                throw new DeploymentException("--init sets servlet init parameters, but " + name
                        + " is not a Servlet");
            }
            if (ServletContainerInitializer.class.isAssignableFrom(type)) {
                Initializers.add(spec, type, Initializers.instantiate(type, loader), loader, allClasses);
            } else if (ServletContextListener.class.isAssignableFrom(type)) {
                Instantiation.publicNoArgConstructor(type);
                spec.listener(name);
            } else {
                throw new DeploymentException(name + " is not a Servlet, ServletContainerInitializer or"
                        + " ServletContextListener");
            }
        }
        deployment.description(source.label());
    }

    /**
     * No class named: web.xml merged with the library jars' web fragments in their order (§8.2), annotations on the
     * app's own classes and on those jars, then initializers. A web.xml with {@code metadata-complete="true"} is the
     * whole descriptor: no fragment is merged and no annotation read (§8.1).
     */
    private void discover(Deployment deployment, AppLayout layout, List<Path> extraLibraries, ClassLoader loader,
                          Initializers.ClassIndexSupplier allClasses) throws DeploymentException, IOException {
        WebAppSpec spec = deployment.spec();
        AppSource source = deployment.source();
        String where = source.label() + "!/" + AppLayout.WEB_XML;
        Element root = readWebXml(layout, where);
        WebXml webXml = root == null ? null : WebXml.parse(root, where);
        boolean complete = webXml != null && webXml.metadataComplete();

        List<WebFragment> found = new ArrayList<>();
        for (Path jar : layout.libraries) {
            found.add(WebFragment.read(jar, source.label() + "!/WEB-INF/lib/" + jar.getFileName()));
        }
        for (Path jar : extraLibraries) {
            found.add(WebFragment.read(jar, jar.toString()));
        }
        List<WebFragment> fragments = Ordering.order(root == null ? null : Ordering.absolute(root, where), found,
                source.label());
        List<Path> excluded = new ArrayList<>(found.stream().map(f -> f.jar).toList());
        fragments.forEach(f -> excluded.remove(f.jar));

        WebXml descriptor = webXml != null ? webXml : WebXml.empty(where);
        if (!complete) {
            FragmentMerger.merge(descriptor, fragments, source.label());
        }
        descriptor.declareInto(spec);
        if (source.contextPath() == null && spec.defaultContextPath() != null) {
            spec.contextPath(spec.defaultContextPath());   // §10.13: the operator named no context path
        }
        if (!complete) {
            ClassIndex annotated = new ClassIndex();
            if (Files.exists(layout.ownClasses)) {
                annotated.scan(layout.ownClasses);
            }
            for (WebFragment fragment : fragments) {
                if (fragment.scansAnnotations()) {
                    annotated.scan(fragment.jar);
                }
            }
            AnnotatedComponents.addTo(spec, annotated, loader);
            AnnotatedComponents.applyMultipartConfigs(spec, loader);
        }
        descriptor.mapInto(spec);
        int initializers = Initializers.discover(spec, loader, allClasses, excluded);
        // A war of static files is an app too (its document root is served); only an app with nothing at all is
        // refused, as most likely the wrong file.
        if (spec.servlets().isEmpty() && spec.filters().isEmpty() && spec.listeners().isEmpty()
                && initializers == 0 && layout.documentRoot == null) {
            throw new DeploymentException("nothing to serve in " + source.label() + ": no servlet, filter or"
                    + " listener in WEB-INF/web.xml, a web fragment or annotated with"
                    + " @WebServlet/@WebFilter/@WebListener, and no ServletContainerInitializer; name a class ("
                    + source.label() + ":com.example.MyServlet) or serve files with --static DIR");
        }
        long merged = complete ? 0 : fragments.stream().filter(f -> f.descriptor != null).count();
        deployment.description(source.label() + " (" + summary(spec, webXml != null, merged) + ")");
    }

    /** The web.xml's root element, or null when the app has none. */
    private static Element readWebXml(AppLayout layout, String where) throws DeploymentException, IOException {
        Path file = layout.webXmlFile();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return WebXml.root(in, where);
            }
        }
        try (ZipFile jar = new ZipFile(layout.ownClasses.toFile())) {
            ZipEntry entry = jar.getEntry(AppLayout.WEB_XML);
            if (entry == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return WebXml.root(in, where);
            }
        }
    }

    /**
     * The app's static resources, searched in order: the war's root, or the {@code META-INF/resources} of a
     * directory of classes; then {@code META-INF/resources} inside the app jar and each library jar (§4.6), seen
     * through zip file systems that stay open until the deployment is closed.
     */
    private static void addResourceRoots(Deployment deployment, AppLayout layout, List<Path> extraLibraries)
            throws IOException {
        WebAppSpec spec = deployment.spec();
        if (layout.documentRoot != null) {
            spec.resourceRoot(layout.documentRoot);
        }
        if (layout.classesDirectoryResources() != null) {
            spec.resourceRoot(layout.classesDirectoryResources());
        }
        List<Path> jars = new ArrayList<>();
        if (layout.kind == AppLayout.Kind.JAR) {
            jars.add(layout.ownClasses);
        }
        jars.addAll(layout.libraries);
        jars.addAll(extraLibraries);
        for (Path jar : jars) {
            if (!hasEntry(jar, AppLayout.META_INF_RESOURCES + "/")) {
                continue;
            }
            FileSystem zip = FileSystems.newFileSystem(jar, (ClassLoader) null);
            deployment.holdOpen(zip);
            spec.resourceRoot(zip.getPath("/" + AppLayout.META_INF_RESOURCES));
        }
    }

    private static boolean hasEntry(Path jar, String directory) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> e.getName().startsWith(directory));
        }
    }

    private static String summary(WebAppSpec spec, boolean hasWebXml, long fragments) {
        List<String> parts = new ArrayList<>();
        if (hasWebXml) {
            parts.add("web.xml");
        }
        count(parts, (int) fragments, "web fragment");
        count(parts, spec.servlets().size(), "servlet");
        count(parts, spec.filters().size(), "filter");
        count(parts, spec.listeners().size(), "listener");
        count(parts, spec.initializers().size(), "initializer");
        return String.join(", ", parts);
    }

    private static void count(List<String> parts, int n, String noun) {
        if (n > 0) {
            parts.add(n + " " + noun + (n == 1 ? "" : "s"));
        }
    }

    private static String missingLibraryHint(LinkageError e) {
        return e instanceof NoClassDefFoundError ? " (is a library missing? add it with --lib)" : "";
    }

    private static List<URL> urls(List<Path> paths) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path path : paths) {
            urls.add(path.toUri().toURL());
        }
        return urls;
    }

    private static String safeName(AppSource source) {
        return source.location().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "-";
    }
}
