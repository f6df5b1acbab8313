package dev.portico.tests.cli;

import jakarta.servlet.Servlet;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The small apps the CLI tests serve, compiled from the sources below with the JDK's compiler and packed into jars,
 * a directory and wars — once per test JVM, in a temporary directory removed at exit.
 */
final class FixtureApps {
    private static FixtureApps instance;

    final Path root;
    /** fx.Hello, fx.Slow, fx.Init, fx.Listener and the broken ones: the LOCATION:CLASS forms. */
    final Path formsJar;
    /** ann.Annotated + ann.Tag filter, no class named. */
    final Path annotatedJar;
    /** A directory of classes with dir.FromDirectory (@WebServlet), dir/app.properties, META-INF/resources/index.html. */
    final Path classesDir;
    /** web.xml, WEB-INF/classes, WEB-INF/lib/shared (v1), index.html. */
    final Path shopWarV1;
    /** The same war bundling shared v2. */
    final Path shopWarV2;
    /** The same war (v1) also bundling the real jakarta.servlet-api jar. */
    final Path shopWarWithApi;
    /** An initializer found with ServiceLoader, registering one servlet per @HandlesTypes class. */
    final Path sciJar;
    /** rl.Version answering "v1", "v2", or failing in init() ("v3-broken"). */
    final Path reloadV1;
    final Path reloadV2;
    final Path reloadBroken;
    /** A jar with nothing servable. */
    final Path emptyJar;
    /** Static files only, with {@code <default-context-path>/store</default-context-path>}. */
    final Path storeWar;

    static synchronized FixtureApps get() throws IOException {
        if (instance == null) {
            instance = new FixtureApps(Files.createTempDirectory("portico-cli-fixtures"));
            Path root = instance.root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
        }
        return instance;
    }

    private FixtureApps(Path root) throws IOException {
        this.root = root;
        Path shared1 = compile("shared1", Map.of("shared/Lib.java", lib("v1")));
        Path shared2 = compile("shared2", Map.of("shared/Lib.java", lib("v2")));
        Path sharedV1Jar = zip("shared-v1.jar", Map.of("", shared1));
        Path sharedV2Jar = zip("shared-v2.jar", Map.of("", shared2));

        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("fx/Text.java", """
                package fx;
                public class Text extends jakarta.servlet.http.HttpServlet {
                    private final String text;
                    public Text(String text) { this.text = text; }
                    @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                        resp.setContentType("text/plain;charset=UTF-8");
                        resp.getWriter().print(text);
                    }
                }
                """);
        sources.put("fx/Hello.java", """
                package fx;
                public class Hello extends jakarta.servlet.http.HttpServlet {
                    @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                        resp.setContentType("text/plain;charset=UTF-8");
                        resp.getWriter().print("hello greeting=" + getInitParameter("greeting") + " env="
                                + getServletContext().getInitParameter("env") + " context=" + req.getContextPath());
                    }
                }
                """);
        sources.put("fx/Slow.java", """
                package fx;
                public class Slow extends jakarta.servlet.http.HttpServlet {
                    @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                        System.out.println("slow request started");
                        System.out.flush();
                        try { Thread.sleep(1500); } catch (InterruptedException e) { throw new java.io.IOException(e); }
                        resp.setContentType("text/plain;charset=UTF-8");
                        resp.getWriter().print("slow done");
                    }
                    @Override public void destroy() {
                        System.out.println("slow destroyed");
                        System.out.flush();
                    }
                }
                """);
        sources.put("fx/Init.java", """
                package fx;
                public class Init implements jakarta.servlet.ServletContainerInitializer {
                    @Override public void onStartup(java.util.Set<Class<?>> types, jakarta.servlet.ServletContext ctx) {
                        ctx.addServlet("init", new Text("from initializer")).addMapping("/*");
                    }
                }
                """);
        sources.put("fx/Listener.java", """
                package fx;
                public class Listener implements jakarta.servlet.ServletContextListener {
                    @Override public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
                        event.getServletContext().addServlet("listener", new Text("from listener")).addMapping("/*");
                    }
                }
                """);
        sources.put("fx/FailingInit.java", """
                package fx;
                public class FailingInit extends jakarta.servlet.http.HttpServlet {
                    @Override public void init() throws jakarta.servlet.ServletException {
                        throw new jakarta.servlet.ServletException("database unreachable");
                    }
                }
                """);
        sources.put("fx/NoDefaultConstructor.java", """
                package fx;
                public class NoDefaultConstructor extends jakarta.servlet.http.HttpServlet {
                    public NoDefaultConstructor(String name) {}
                }
                """);
        sources.put("fx/Plain.java", "package fx; public class Plain {}");
        sources.put("ann/Annotated.java", """
                package ann;
                @jakarta.servlet.annotation.WebServlet("/annotated")
                public class Annotated extends jakarta.servlet.http.HttpServlet {
                    @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                        resp.setContentType("text/plain;charset=UTF-8");
                        resp.getWriter().print("annotated, " + req.getAttribute("tag"));
                    }
                }
                """);
        sources.put("ann/Tag.java", """
                package ann;
                @jakarta.servlet.annotation.WebFilter("/*")
                public class Tag implements jakarta.servlet.Filter {
                    @Override public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse resp,
                            jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
                        req.setAttribute("tag", "filtered");
                        chain.doFilter(req, resp);
                    }
                }
                """);
        sources.put("dir/FromDirectory.java", """
                package dir;
                @jakarta.servlet.annotation.WebServlet("/dir")
                public class FromDirectory extends jakarta.servlet.http.HttpServlet {
                    @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                        resp.getWriter().print("from a directory");
                    }
                }
                """);
        sources.put("war/Shop.java", """
                package war;
                public class Shop extends jakarta.servlet.http.HttpServlet {
                    @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                        resp.setContentType("text/plain;charset=UTF-8");
                        resp.getWriter().print("shop env=" + getServletContext().getInitParameter("env")
                                + " lib=" + shared.Lib.version() + " greeting=" + getInitParameter("greeting"));
                    }
                }
                """);
        sources.put("sci/Page.java", "package sci; public interface Page { String path(); }");
        sources.put("sci/PageA.java", "package sci; public class PageA implements Page { public String path() { return \"/a\"; } }");
        sources.put("sci/PageB.java", "package sci; public class PageB implements Page { public String path() { return \"/b\"; } }");
        sources.put("sci/Boot.java", """
                package sci;
                @jakarta.servlet.annotation.HandlesTypes(Page.class)
                public class Boot implements jakarta.servlet.ServletContainerInitializer {
                    @Override public void onStartup(java.util.Set<Class<?>> pages, jakarta.servlet.ServletContext ctx)
                            throws jakarta.servlet.ServletException {
                        for (Class<?> type : pages) {
                            try {
                                Page page = (Page) type.getConstructor().newInstance();
                                ctx.addServlet(type.getSimpleName(), new fx.Text("page " + page.path()))
                                        .addMapping(page.path());
                            } catch (ReflectiveOperationException e) {
                                throw new jakarta.servlet.ServletException(e);
                            }
                        }
                    }
                }
                """);
        sources.put("empty/Nothing.java", "package empty; public class Nothing {}");
        Path classes = compile("classes", sources, shared1);

        formsJar = zip("forms.jar", Map.of("fx", classes.resolve("fx")));
        annotatedJar = zip("annotated.jar", Map.of("ann", classes.resolve("ann")));
        classesDir = Files.createDirectories(root.resolve("classes-dir"));
        copyTree(classes.resolve("dir"), classesDir.resolve("dir"));
        Files.writeString(classesDir.resolve("dir/app.properties"), "db.password=secret");
        Files.createDirectories(classesDir.resolve("META-INF/resources"));
        Files.writeString(classesDir.resolve("META-INF/resources/index.html"), "classes dir index");
        String webXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <context-param><param-name>env</param-name><param-value>from-web-xml</param-value></context-param>
                  <servlet>
                    <servlet-name>shop</servlet-name><servlet-class>war.Shop</servlet-class>
                    <init-param><param-name>greeting</param-name><param-value>welcome</param-value></init-param>
                  </servlet>
                  <servlet-mapping><servlet-name>shop</servlet-name><url-pattern>/shop/*</url-pattern></servlet-mapping>
                </web-app>
                """;
        shopWarV1 = zip("shop-v1.war", Map.of("WEB-INF/web.xml", webXml, "WEB-INF/classes/war",
                classes.resolve("war"), "WEB-INF/lib/shared.jar", sharedV1Jar, "index.html", "<h1>shop</h1>"));
        shopWarV2 = zip("shop-v2.war", Map.of("WEB-INF/web.xml", webXml, "WEB-INF/classes/war",
                classes.resolve("war"), "WEB-INF/lib/shared.jar", sharedV2Jar));
        shopWarWithApi = zip("shop-api.war", Map.of("WEB-INF/web.xml", webXml, "WEB-INF/classes/war",
                classes.resolve("war"), "WEB-INF/lib/shared.jar", sharedV1Jar,
                "WEB-INF/lib/jakarta.servlet-api.jar", Path.of(servletApiJar())));
        sciJar = zip("sci.jar", Map.of("sci", classes.resolve("sci"), "fx/Text.class",
                classes.resolve("fx/Text.class"),
                "META-INF/services/jakarta.servlet.ServletContainerInitializer", "sci.Boot\n"));
        emptyJar = zip("empty.jar", Map.of("empty", classes.resolve("empty")));
        storeWar = zip("store.war", Map.of("WEB-INF/web.xml",
                "<web-app version=\"6.0\"><default-context-path>/store</default-context-path></web-app>",
                "index.html", "<h1>store</h1>"));

        String version = """
                package rl;
                public class Version extends jakarta.servlet.http.HttpServlet {
                    @Override public void init() throws jakarta.servlet.ServletException {
                        if ("%1$s".endsWith("broken")) throw new jakarta.servlet.ServletException("%1$s refuses to start");
                    }
                    @Override protected void doGet(jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                        resp.setContentType("text/plain;charset=UTF-8");
                        resp.getWriter().print("%1$s");
                    }
                }
                """;
        reloadV1 = zip("reload-v1.jar", Map.of("", compile("rl1", Map.of("rl/Version.java", version.formatted("v1")))));
        reloadV2 = zip("reload-v2.jar", Map.of("", compile("rl2", Map.of("rl/Version.java", version.formatted("v2")))));
        reloadBroken = zip("reload-broken.jar", Map.of("", compile("rl3",
                Map.of("rl/Version.java", version.formatted("v3-broken")))));
    }

    private static String lib(String version) {
        return "package shared; public class Lib { public static String version() { return \"" + version + "\"; } }";
    }

    static String servletApiJar() {
        try {
            return Path.of(Servlet.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Path compile(String name, Map<String, String> sources, Path... classPath) throws IOException {
        Path out = Files.createDirectories(root.resolve("build").resolve(name));
        Path src = Files.createDirectories(root.resolve("src").resolve(name));
        StringBuilder path = new StringBuilder(servletApiJar());
        for (Path p : classPath) {
            path.append(File.pathSeparator).append(p);
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "-nowarn", "-proc:none", "-d", out.toString(),
                "-cp", path.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        if (compiler.run(null, diagnostics, diagnostics, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("fixture " + name + " does not compile:\n" + diagnostics);
        }
        return out;
    }

    /** Entries: name → a directory (its files go under name/), a file, or text. */
    Path zip(String name, Map<String, ?> entries) throws IOException {
        Path target = root.resolve("apps").resolve(name);
        Files.createDirectories(target.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, ?> entry : entries.entrySet()) {
                String prefix = entry.getKey();
                Object value = entry.getValue();
                if (value instanceof Path dir && Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                            String relative = dir.relativize(file).toString().replace('\\', '/');
                            put(zip, prefix.isEmpty() ? relative : prefix + "/" + relative, Files.readAllBytes(file));
                        }
                    }
                } else if (value instanceof Path file) {
                    put(zip, prefix, Files.readAllBytes(file));
                } else {
                    put(zip, prefix, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return target;
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static void deleteQuietly(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary directory; the OS cleans up what is left
        }
    }
}
