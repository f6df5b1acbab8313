package dev.portico.tests.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portico.Portico;
import dev.portico.deploy.AppSource;
import dev.portico.deploy.Deployer;
import dev.portico.deploy.Deployment;
import dev.portico.server.ServerOptions;
import dev.portico.tests.RawHttp;
import jakarta.servlet.Servlet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A war whose servlet and filters come from web fragments in its {@code WEB-INF/lib} (Servlet 6.1 §8.2), deployed
 * through the deploy API and answering over a real socket, its filters chained in the fragments' relative order.
 */
class WebFragmentAppTest {
    @TempDir
    Path dir;

    private static final String TAG = """
            package frag;
            public class Tag implements jakarta.servlet.Filter {
                private String name;
                public void init(jakarta.servlet.FilterConfig config) { name = config.getFilterName(); }
                public void doFilter(jakarta.servlet.ServletRequest q, jakarta.servlet.ServletResponse r,
                        jakarta.servlet.FilterChain c) throws java.io.IOException, jakarta.servlet.ServletException {
                    Object seen = q.getAttribute("chain");
                    q.setAttribute("chain", (seen == null ? "" : seen + ",") + name);
                    c.doFilter(q, r);
                }
            }
            """;

    private static final String HELLO = """
            package frag;
            public class Hello extends jakarta.servlet.http.HttpServlet {
                protected void doGet(jakarta.servlet.http.HttpServletRequest q,
                        jakarta.servlet.http.HttpServletResponse r) throws java.io.IOException {
                    r.setContentType("text/plain;charset=UTF-8");
                    r.getWriter().print(q.getAttribute("chain") + " -> " + getInitParameter("greeting"));
                }
            }
            """;

    @Test
    void fragmentServletIsServedBehindFragmentFiltersInTheirOrder() throws Exception {
        Path classes = compile(Map.of("frag/Tag.java", TAG, "frag/Hello.java", HELLO));
        Path helloJar = zip(dir.resolve("hello.jar"), Map.of("", classes, "META-INF/web-fragment.xml", """
                <web-fragment xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <name>Hello</name>
                  <ordering><after><name>Audit</name></after></ordering>
                  <servlet><servlet-name>hello</servlet-name><servlet-class>frag.Hello</servlet-class>
                    <init-param><param-name>greeting</param-name><param-value>hi</param-value></init-param>
                  </servlet>
                  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>
                  <filter><filter-name>hello-filter</filter-name><filter-class>frag.Tag</filter-class></filter>
                  <filter-mapping><filter-name>hello-filter</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                </web-fragment>
                """));
        // Sorts after hello.jar by name, but its filter must come first: Hello is ordered after Audit.
        Path auditJar = zip(dir.resolve("x-audit.jar"), Map.of("META-INF/web-fragment.xml", """
                <web-fragment>
                  <name>Audit</name>
                  <filter><filter-name>audit-filter</filter-name><filter-class>frag.Tag</filter-class></filter>
                  <filter-mapping><filter-name>audit-filter</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                </web-fragment>
                """));
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("WEB-INF/lib/hello.jar", helloJar);
        entries.put("WEB-INF/lib/x-audit.jar", auditJar);
        Path war = zip(dir.resolve("app.war"), entries);

        try (Deployment deployment = new Deployer().deploy(AppSource.of("/app", war, null))) {
            Portico portico = Portico.builder().options(ServerOptions.defaults().withPort(0))
                    .context(deployment.spec()).build().start();
            try {
                RawHttp.Response response = RawHttp.get(portico.port(), "/app/hello");
                assertEquals(200, response.status, response.toString());
                assertEquals("audit-filter,hello-filter -> hi", response.text());
            } finally {
                portico.stop();
            }
        }
    }

    private Path compile(Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path out = Files.createDirectories(dir.resolve("classes"));
        String api = Path.of(toUri(Servlet.class)).toString();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", out.toString(),
                "-cp", api));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler()
                .run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("fixture does not compile:\n" + diagnostics);
        }
        return out;
    }

    private static java.net.URI toUri(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Zips entries: a directory's files under a prefix ("" for the root), a file as is, a String as UTF-8 text. */
    private static Path zip(Path target, Map<String, ?> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, ?> entry : entries.entrySet()) {
                if (entry.getValue() instanceof Path path && Files.isDirectory(path)) {
                    try (Stream<Path> files = Files.walk(path)) {
                        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                            String name = path.relativize(file).toString().replace('\\', '/');
                            put(zip, entry.getKey().isEmpty() ? name : entry.getKey() + "/" + name,
                                    Files.readAllBytes(file));
                        }
                    }
                } else if (entry.getValue() instanceof Path path) {
                    put(zip, entry.getKey(), Files.readAllBytes(path));
                } else {
                    put(zip, entry.getKey(), String.valueOf(entry.getValue()).getBytes(StandardCharsets.UTF_8));
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
}
