package dev.portico.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployerTest {
    @TempDir
    static Path dir;
    static Path classes;
    static Path libClasses;
    static Path securedClasses;

    @BeforeAll
    static void compileFixtures() throws IOException {
        libClasses = Fixtures.compile(dir.resolve("lib-classes"), Map.of(
                "lib/Missing.java", "package lib; public class Missing extends jakarta.servlet.http.HttpServlet {}",
                "lib/Version.java", "package lib; public class Version { public static String id() { return \"1\"; } }"));
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("named/Hello.java", """
                package named;
                public class Hello extends jakarta.servlet.http.HttpServlet {}
                """);
        sources.put("named/Marker.java", "package named; public interface Marker {}");
        sources.put("named/Base.java", "package named; public abstract class Base implements Marker {}");
        sources.put("named/Impl.java", "package named; public class Impl extends Base {}");
        sources.put("named/Init.java", """
                package named;
                @jakarta.servlet.annotation.HandlesTypes({Marker.class, jakarta.servlet.annotation.WebServlet.class})
                public class Init implements jakarta.servlet.ServletContainerInitializer {
                    public void onStartup(java.util.Set<Class<?>> c, jakarta.servlet.ServletContext ctx) {}
                }
                """);
        sources.put("named/Listener.java", """
                package named;
                public class Listener implements jakarta.servlet.ServletContextListener {}
                """);
        sources.put("named/NoDefault.java", """
                package named;
                public class NoDefault extends jakarta.servlet.http.HttpServlet { public NoDefault(String s) {} }
                """);
        sources.put("named/Abstract.java", """
                package named;
                public abstract class Abstract extends jakarta.servlet.http.HttpServlet {}
                """);
        sources.put("named/Plain.java", "package named; public class Plain {}");
        sources.put("named/ThrowingInit.java", """
                package named;
                public class ThrowingInit implements jakarta.servlet.ServletContainerInitializer {
                    public ThrowingInit() { throw new IllegalStateException("no database"); }
                    public void onStartup(java.util.Set<Class<?>> c, jakarta.servlet.ServletContext ctx) {}
                }
                """);
        sources.put("named/NeedsLib.java", """
                package named;
                public class NeedsLib extends lib.Missing {}
                """);
        sources.put("scan/Annotated.java", """
                package scan;
                import jakarta.servlet.annotation.*;
                @WebServlet(urlPatterns = {"/a", "*.do"}, loadOnStartup = 2, asyncSupported = true,
                        initParams = @WebInitParam(name = "greeting", value = "hi"))
                @MultipartConfig(maxFileSize = 1024)
                public class Annotated extends jakarta.servlet.http.HttpServlet {}
                """);
        sources.put("scan/Named.java", """
                package scan;
                @jakarta.servlet.annotation.WebServlet(name = "named", value = "/named",
                        initParams = {@jakarta.servlet.annotation.WebInitParam(name = "a", value = "from-annotation"),
                                      @jakarta.servlet.annotation.WebInitParam(name = "b", value = "from-annotation")})
                public class Named extends jakarta.servlet.http.HttpServlet {}
                """);
        sources.put("scan/Audit.java", """
                package scan;
                @jakarta.servlet.annotation.WebFilter(urlPatterns = "/*",
                        dispatcherTypes = {jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR})
                public class Audit extends jakarta.servlet.http.HttpFilter {}
                """);
        sources.put("scan/Counter.java", """
                package scan;
                @jakarta.servlet.annotation.WebListener
                public class Counter implements jakarta.servlet.ServletRequestListener {}
                """);
        sources.put("scan/Orphan.java", """
                package scan;
                @jakarta.servlet.annotation.WebServlet("/orphan")
                public class Orphan extends lib.Missing {}
                """);
        sources.put("scan/Loud.java", """
                package scan;
                @jakarta.servlet.annotation.WebServlet("/loud")
                public class Loud extends jakarta.servlet.http.HttpServlet {
                    static { System.setProperty("portico.test.loud", "initialized"); }
                }
                """);
        sources.put("sci/Found.java", """
                package sci;
                @jakarta.servlet.annotation.HandlesTypes(jakarta.servlet.http.HttpServlet.class)
                public class Found implements jakarta.servlet.ServletContainerInitializer {
                    public void onStartup(java.util.Set<Class<?>> c, jakarta.servlet.ServletContext ctx) {}
                }
                """);
        sources.put("sci/Page.java", "package sci; public class Page extends jakarta.servlet.http.HttpServlet {}");
        sources.put("empty/Nothing.java", "package empty; public class Nothing {}");

        classes = Fixtures.compile(dir.resolve("classes"), sources, libClasses);
        securedClasses = Fixtures.compile(dir.resolve("secured-classes"), Map.of("secured/Admin.java", """
                package secured;
                @jakarta.servlet.annotation.WebServlet("/admin")
                @jakarta.servlet.annotation.ServletSecurity(@jakarta.servlet.annotation.HttpConstraint(rolesAllowed = "admin"))
                public class Admin extends jakarta.servlet.http.HttpServlet {}
                """));
    }

    private static Path jar(String name, Map<String, ?> entries) throws IOException {
        return Fixtures.zip(dir.resolve("apps").resolve(name), entries);
    }

    private static Deployment deploy(String location, String className) throws DeploymentException {
        return new Deployer().deploy(AppSource.of("", dir.resolve("apps").resolve(location), className));
    }

    @Test
    void servletClassIsMountedAtSlashStarAndLoadedOnStartup() throws Exception {
        jar("named.jar", Map.of("named", classes.resolve("named")));
        AppSource source = new AppSource("/hi", dir.resolve("apps/named.jar"), "named.Hello", List.of(),
                Map.of("greeting", "hello"), Map.of("mode", "test"));
        try (Deployment deployment = new Deployer().deploy(source)) {
            WebAppSpec spec = deployment.spec();
            assertEquals("/hi", spec.contextPath());
            assertEquals(1, spec.servlets().size());
            WebAppSpec.ServletSpec servlet = spec.servlets().get(0);
            assertEquals("named.Hello", servlet.className());
            assertEquals(Set.of("/*"), servlet.mappings());
            assertEquals(0, servlet.loadOnStartup());
            assertEquals(Map.of("greeting", "hello"), servlet.initParams());
            assertEquals(Map.of("mode", "test"), spec.contextParams());
            assertEquals("named.jar:named.Hello", deployment.description());
            assertTrue(spec.classLoader() instanceof WebAppClassLoader);
        }
    }

    @Test
    void servletClassKeepsItsOwnAnnotationsButIsMountedAtSlashStar() throws Exception {
        jar("scan.jar", Map.of("scan", classes.resolve("scan")));
        try (Deployment deployment = deploy("scan.jar", "scan.Annotated")) {
            WebAppSpec.ServletSpec servlet = deployment.spec().servlets().get(0);
            assertEquals(1, deployment.spec().servlets().size());
            assertEquals(Set.of("/*"), servlet.mappings());
            assertTrue(servlet.asyncSupported());
            assertEquals(Map.of("greeting", "hi"), servlet.initParams());
            assertEquals(1024, servlet.multipartConfig().getMaxFileSize());
        }
    }

    @Test
    void initializerClassIsInstantiatedWithItsHandledTypes() throws Exception {
        jar("named.jar", Map.of("named", classes.resolve("named")));
        try (Deployment deployment = deploy("named.jar", "named.Init")) {
            WebAppSpec spec = deployment.spec();
            assertTrue(spec.servlets().isEmpty());
            assertEquals(1, spec.initializers().size());
            WebAppSpec.InitializerSpec init = spec.initializers().get(0);
            assertEquals("named.Init", init.initializer().getClass().getName());
            assertEquals(spec.classLoader(), init.initializer().getClass().getClassLoader());
            // Base and Impl implement Marker (Impl through Base); Marker itself is not included.
            assertEquals(Set.of("named.Base", "named.Impl"), names(init.handlesTypes()));
        }
    }

    @Test
    void listenerClassIsRegisteredByName() throws Exception {
        jar("named.jar", Map.of("named", classes.resolve("named")));
        try (Deployment deployment = deploy("named.jar", "named.Listener")) {
            assertEquals(List.of("named.Listener"), deployment.spec().listeners().stream()
                    .map(WebAppSpec.ListenerSpec::className).toList());
        }
    }

    @Test
    void namedClassErrorsAreOperatorMessages() throws Exception {
        jar("named.jar", Map.of("named", classes.resolve("named")));
        assertEquals("class named.Nope not found in named.jar",
                assertThrows(DeploymentException.class, () -> deploy("named.jar", "named.Nope")).getMessage());
        assertEquals("named.Plain is not a Servlet, ServletContainerInitializer or ServletContextListener",
                assertThrows(DeploymentException.class, () -> deploy("named.jar", "named.Plain")).getMessage());
        assertEquals("named.NoDefault has no public no-arg constructor",
                assertThrows(DeploymentException.class, () -> deploy("named.jar", "named.NoDefault")).getMessage());
        assertEquals("named.Abstract is abstract; name a concrete class",
                assertThrows(DeploymentException.class, () -> deploy("named.jar", "named.Abstract")).getMessage());
        String failure = assertThrows(DeploymentException.class,
                () -> deploy("named.jar", "named.ThrowingInit")).getMessage();
        assertTrue(failure.contains("no database"), failure);
        String missing = assertThrows(DeploymentException.class,
                () -> deploy("named.jar", "named.NeedsLib")).getMessage();
        assertTrue(missing.contains("lib/Missing") && missing.contains("--lib"), missing);
    }

    @Test
    void missingLibraryIsFoundWithLib() throws Exception {
        jar("named.jar", Map.of("named", classes.resolve("named")));
        Path libJar = jar("missing-lib.jar", Map.of("lib", libClasses.resolve("lib")));
        AppSource source = new AppSource("", dir.resolve("apps/named.jar"), "named.NeedsLib", List.of(libJar),
                Map.of(), Map.of());
        try (Deployment deployment = new Deployer().deploy(source)) {
            assertEquals("named.NeedsLib", deployment.spec().servlets().get(0).className());
        }
    }

    @Test
    void missingLocationIsAnOperatorError() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy("nope.jar", "x.Y"));
        assertTrue(e.getMessage().endsWith("nope.jar: no such file or directory"), e.getMessage());
    }

    @Test
    void notAZipIsAnOperatorError() throws IOException {
        Files.writeString(dir.resolve("apps/text.jar"), "not a zip");
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy("text.jar", "x.Y"));
        assertTrue(e.getMessage().contains("not a jar or war file"), e.getMessage());
    }

    @Test
    void annotationsOnOwnClassesAreDiscovered() throws Exception {
        System.clearProperty("portico.test.loud");
        jar("scan.jar", Map.of("scan", classes.resolve("scan")));
        try (Deployment deployment = deploy("scan.jar", null)) {
            WebAppSpec spec = deployment.spec();
            Map<String, WebAppSpec.ServletSpec> servlets = spec.servlets().stream()
                    .collect(Collectors.toMap(WebAppSpec.ServletSpec::name, s -> s));
            // Orphan's superclass is missing: it is skipped, not fatal.
            assertEquals(Set.of("scan.Annotated", "named", "scan.Loud"), servlets.keySet());
            WebAppSpec.ServletSpec annotated = servlets.get("scan.Annotated");
            assertEquals(Set.of("/a", "*.do"), annotated.mappings());
            assertEquals(2, annotated.loadOnStartup());
            assertTrue(annotated.asyncSupported());
            assertEquals(Map.of("greeting", "hi"), annotated.initParams());
            assertEquals(1024, annotated.multipartConfig().getMaxFileSize());
            assertNull(servlets.get("named").loadOnStartup());
            WebAppSpec.FilterSpec filter = spec.filters().get(0);
            assertEquals("scan.Audit", filter.name());
            assertEquals(List.of("/*"), filter.urlPatterns());
            assertEquals(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), filter.dispatcherTypes());
            assertEquals(List.of("scan.Counter"), spec.listeners().stream()
                    .map(WebAppSpec.ListenerSpec::className).toList());
            assertNull(System.getProperty("portico.test.loud"), "scanning must not initialize classes");
            assertTrue(deployment.description().startsWith("scan.jar (3 servlets, 1 filter, 1 listener"),
                    deployment.description());
        }
    }

    @Test
    void warWithWebXmlOverridesAnnotationsAndServesItsRoot() throws Exception {
        Path war = jar("shop.war", Map.of(
                "WEB-INF/classes/scan", classes.resolve("scan"),
                "WEB-INF/lib/lib.jar", jar("lib.jar", Map.of("lib", libClasses.resolve("lib"),
                        "META-INF/resources/from-lib.txt", "lib resource")),
                "WEB-INF/web.xml", """
                        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                          <servlet><servlet-name>named</servlet-name><servlet-class>scan.Named</servlet-class>
                            <init-param><param-name>a</param-name><param-value>from-xml</param-value></init-param>
                          </servlet>
                          <servlet-mapping><servlet-name>named</servlet-name><url-pattern>/xml</url-pattern></servlet-mapping>
                          <servlet-mapping><servlet-name>scan.Annotated</servlet-name><url-pattern>/b</url-pattern></servlet-mapping>
                          <servlet><servlet-name>again</servlet-name><servlet-class>scan.Annotated</servlet-class></servlet>
                        </web-app>
                        """,
                "index.html", "<h1>shop</h1>"));
        Path root;
        try (Deployment deployment = deploy("shop.war", null)) {
            WebAppSpec spec = deployment.spec();
            Map<String, WebAppSpec.ServletSpec> servlets = spec.servlets().stream()
                    .collect(Collectors.toMap(WebAppSpec.ServletSpec::name, s -> s));
            assertEquals(Map.of("a", "from-xml", "b", "from-annotation"), servlets.get("named").initParams());
            assertEquals(Set.of("/xml"), servlets.get("named").mappings());
            assertEquals(Set.of("/b"), servlets.get("scan.Annotated").mappings());
            // Declared again under another name: a separate servlet, with only the class's @MultipartConfig.
            assertEquals(1024, servlets.get("again").multipartConfig().getMaxFileSize());
            assertEquals(Map.of(), servlets.get("again").initParams());
            // With its library present, Orphan loads this time.
            assertTrue(servlets.containsKey("scan.Orphan"));
            root = spec.resourceRoots().get(0);
            assertEquals("<h1>shop</h1>", Files.readString(root.resolve("index.html")));
            assertEquals("lib resource", Files.readString(spec.resourceRoots().get(1).resolve("from-lib.txt")));
            assertTrue(deployment.description().startsWith("shop.war (web.xml, "), deployment.description());
        }
        assertFalse(Files.exists(root), "the unpacked war is deleted on close");
    }

    @Test
    void metadataCompleteSkipsAnnotations() throws Exception {
        jar("complete.war", Map.of(
                "WEB-INF/classes/scan", classes.resolve("scan"),
                "WEB-INF/web.xml", """
                        <web-app metadata-complete="true">
                          <listener><listener-class>scan.Counter</listener-class></listener>
                        </web-app>
                        """));
        try (Deployment deployment = deploy("complete.war", null)) {
            assertTrue(deployment.spec().servlets().isEmpty());
            assertEquals(1, deployment.spec().listeners().size());
        }
    }

    @Test
    void initializersAreFoundWithServiceLoaderAndGetTheirTypes() throws Exception {
        jar("sci.jar", Map.of("sci", classes.resolve("sci"),
                "META-INF/services/jakarta.servlet.ServletContainerInitializer", "sci.Found\n"));
        try (Deployment deployment = deploy("sci.jar", null)) {
            List<WebAppSpec.InitializerSpec> initializers = deployment.spec().initializers();
            assertEquals(1, initializers.size());
            assertEquals(Set.of("sci.Page"), names(initializers.get(0).handlesTypes()));
            assertEquals("sci.jar (1 initializer)", deployment.description());
        }
    }

    @Test
    void directoryOfClassesIsNotADocumentRootButServesItsMetaInfResources() throws Exception {
        try (Deployment deployment = new Deployer().deploy(AppSource.of("", classes.resolve("sci"), null))) {
            // Nothing registers sci.Found as a service here, and no annotations: the directory has nothing.
            throw new AssertionError("deployed " + deployment.description());
        } catch (DeploymentException e) {
            assertTrue(e.getMessage().startsWith("nothing to serve in sci"), e.getMessage());
        }
        try (Deployment deployment = new Deployer().deploy(AppSource.of("", classes, null))) {
            assertEquals(List.of(), deployment.spec().resourceRoots(), "its class files are not for the web");
            assertFalse(deployment.spec().servlets().isEmpty());
        }
        Path resources = Files.createDirectories(classes.resolve("META-INF/resources"));
        try (Deployment deployment = new Deployer().deploy(AppSource.of("", classes, null))) {
            assertEquals(List.of(resources), deployment.spec().resourceRoots());
        } finally {
            Files.delete(resources);
            Files.delete(resources.getParent());
        }
    }

    @Test
    void servletSecurityFailsLoudly() throws Exception {
        jar("secured.jar", Map.of("", securedClasses));
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy("secured.jar", null));
        assertEquals("@ServletSecurity (on secured.Admin) is not supported by Portico", e.getMessage());
    }

    /** §10.13: a war's default-context-path is where it goes when the deployer is given no context path. */
    @Test
    void defaultContextPathIsUsedOnlyWhenNoContextPathIsGiven() throws Exception {
        Path war = Fixtures.zip(dir.resolve("store.war"), Map.of("WEB-INF/web.xml",
                "<web-app><default-context-path>/store</default-context-path></web-app>", "index.html", "hi"));
        try (Deployment unnamed = new Deployer().deploy(AppSource.of(null, war, null))) {
            assertEquals("/store", unnamed.spec().contextPath());
            assertEquals("/store", unnamed.spec().defaultContextPath());
        }
        try (Deployment named = new Deployer().deploy(AppSource.of("/shop", war, null))) {
            assertEquals("/shop", named.spec().contextPath(), "the operator's context path wins");
        }
        try (Deployment root = new Deployer().deploy(AppSource.of("", war, null))) {
            assertEquals("", root.spec().contextPath(), "an explicit root too");
        }
    }

    /** A war of static files only is an app: its document root is served (the TCK's accessWebInf war). */
    @Test
    void warWithOnlyStaticFilesDeploys() throws Exception {
        Path war = Fixtures.zip(dir.resolve("static.war"), Map.of("index.html", "<h1>hi</h1>",
                "WEB-INF/secret.txt", "hidden"));
        try (Deployment deployment = new Deployer().deploy(AppSource.of("/s", war, null))) {
            assertEquals(1, deployment.spec().resourceRoots().size());
            assertTrue(deployment.spec().servlets().isEmpty());
        }
    }

    @Test
    void nothingServableIsAnOperatorError() throws Exception {
        jar("empty.jar", Map.of("empty", classes.resolve("empty")));
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy("empty.jar", null));
        assertTrue(e.getMessage().startsWith("nothing to serve in empty.jar"), e.getMessage());
    }

    @Test
    void jarResourcesComeFromMetaInfResources() throws Exception {
        jar("res.jar", Map.of("named", classes.resolve("named"), "META-INF/resources/hello.txt", "hi"));
        Path root;
        try (Deployment deployment = deploy("res.jar", "named.Hello")) {
            root = deployment.spec().resourceRoots().get(0);
            assertEquals("hi", Files.readString(root.resolve("hello.txt")));
        }
        assertThrows(Exception.class, () -> Files.readString(root.resolve("hello.txt")),
                "the jar file system is closed with the deployment");
    }

    @Test
    void closeReleasesTheClassLoader() throws Exception {
        jar("named.jar", Map.of("named", classes.resolve("named")));
        Deployment deployment = deploy("named.jar", "named.Hello");
        URLClassLoader loader = (URLClassLoader) deployment.classLoader();
        assertNotNull(loader.loadClass("named.Hello"));
        deployment.close();
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("named.Impl"));
    }

    @Test
    void snapshotLeavesTheOriginalFreeToChange() throws Exception {
        Path original = jar("snap.jar", Map.of("named", classes.resolve("named")));
        Deployment deployment = new Deployer(Deployer.class.getClassLoader(), true)
                .deploy(AppSource.of("", original, "named.Hello"));
        try (deployment) {
            Files.delete(original);
            // Classes not yet loaded still come from the copy.
            assertNotNull(deployment.classLoader().loadClass("named.Impl"));
        }
    }

    private static Set<String> names(Set<Class<?>> classes) {
        return classes == null ? Set.of() : classes.stream().map(Class::getName).collect(Collectors.toSet());
    }
}
