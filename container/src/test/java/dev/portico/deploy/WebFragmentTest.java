package dev.portico.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Web fragments and annotations in library jars (Servlet 6.1 §8.2), as the Deployer assembles them. */
class WebFragmentTest {
    @TempDir
    static Path dir;
    static Path classes;

    @BeforeAll
    static void compileFixtures() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("frag/Hello.java", "package frag; public class Hello extends jakarta.servlet.http.HttpServlet {}");
        sources.put("frag/Tag.java", """
                package frag;
                public class Tag implements jakarta.servlet.Filter {
                    public void doFilter(jakarta.servlet.ServletRequest q, jakarta.servlet.ServletResponse r,
                            jakarta.servlet.FilterChain c)
                            throws java.io.IOException, jakarta.servlet.ServletException {
                        c.doFilter(q, r);
                    }
                }
                """);
        sources.put("annot/Annotated.java", """
                package annot;
                @jakarta.servlet.annotation.WebServlet("/annotated")
                @jakarta.servlet.annotation.MultipartConfig(maxFileSize = 99)
                public class Annotated extends jakarta.servlet.http.HttpServlet {}
                """);
        sources.put("init/Init.java", """
                package init;
                public class Init implements jakarta.servlet.ServletContainerInitializer {
                    public void onStartup(java.util.Set<Class<?>> c, jakarta.servlet.ServletContext ctx) {}
                }
                """);
        classes = Fixtures.compile(dir.resolve("classes"), sources);
    }

    /** A library jar holding the given classes and, when {@code fragment} is not null, that web-fragment.xml. */
    private static Path library(String name, String fragment, String... packages) throws IOException {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (String pkg : packages) {
            entries.put(pkg, classes.resolve(pkg));
        }
        if (fragment != null) {
            entries.put("META-INF/web-fragment.xml", fragment);
        }
        return Fixtures.zip(dir.resolve("libs").resolve(name), entries);
    }

    /** A fragment with a name, an optional ordering and a filter of class frag.Tag named after it, mapped to /*. */
    private static String taggingFragment(String name, String ordering) {
        return "<web-fragment xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"
                + (name == null ? "" : "<name>" + name + "</name>") + ordering
                + "<filter><filter-name>" + name + "</filter-name><filter-class>frag.Tag</filter-class></filter>"
                + "<filter-mapping><filter-name>" + name + "</filter-name><url-pattern>/*</url-pattern>"
                + "</filter-mapping></web-fragment>";
    }

    private static Deployment deployWar(String name, String webXml, Path... libraries) throws Exception {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("WEB-INF/classes/frag", classes.resolve("frag"));
        if (webXml != null) {
            entries.put("WEB-INF/web.xml", webXml);
        }
        for (Path library : libraries) {
            entries.put("WEB-INF/lib/" + library.getFileName(), library);
        }
        Path war = Fixtures.zip(dir.resolve("apps").resolve(name), entries);
        return new Deployer().deploy(AppSource.of("", war, null));
    }

    private static List<String> filterNames(Deployment deployment) {
        return deployment.spec().filters().stream().map(WebAppSpec.FilterSpec::name).toList();
    }

    private static WebAppSpec.ServletSpec servlet(Deployment deployment, String name) {
        return deployment.spec().servlets().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void fragmentServletsAreDeclaredAndMapped() throws Exception {
        Path lib = library("hello.jar", """
                <web-fragment>
                  <servlet><servlet-name>hello</servlet-name><servlet-class>frag.Hello</servlet-class>
                    <init-param><param-name>greeting</param-name><param-value>hi</param-value></init-param>
                  </servlet>
                  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>
                  <context-param><param-name>from</param-name><param-value>fragment</param-value></context-param>
                </web-fragment>
                """);
        try (Deployment deployment = deployWar("hello.war", null, lib)) {
            assertEquals(Set.of("/hello"), servlet(deployment, "hello").mappings());
            assertEquals(Map.of("greeting", "hi"), servlet(deployment, "hello").initParams());
            assertEquals("fragment", deployment.spec().contextParams().get("from"));
            assertTrue(deployment.description().contains("1 web fragment"), deployment.description());
        }
    }

    @Test
    void annotationsInLibraryJarsAreFound() throws Exception {
        try (Deployment deployment = deployWar("annotated.war", null, library("annot.jar", null, "annot"))) {
            assertEquals(Set.of("/annotated"), servlet(deployment, "annot.Annotated").mappings());
            assertEquals(99, servlet(deployment, "annot.Annotated").multipartConfig().getMaxFileSize());
        }
    }

    @Test
    void metadataCompleteWebXmlSkipsFragmentsAndLibraryAnnotations() throws Exception {
        String webXml = """
                <web-app metadata-complete="true">
                  <servlet><servlet-name>own</servlet-name><servlet-class>frag.Hello</servlet-class></servlet>
                </web-app>
                """;
        try (Deployment deployment = deployWar("complete.war", webXml,
                library("annot.jar", taggingFragment("A", ""), "annot"))) {
            assertEquals(List.of("own"), deployment.spec().servlets().stream().map(WebAppSpec.ServletSpec::name)
                    .toList());
            assertEquals(List.of(), filterNames(deployment));
        }
    }

    @Test
    void metadataCompleteFragmentSkipsOnlyItsOwnJarsAnnotations() throws Exception {
        Path complete = library("complete.jar", taggingFragment("C", "")
                .replace("<web-fragment ", "<web-fragment metadata-complete=\"true\" "), "annot");
        try (Deployment deployment = deployWar("fragment-complete.war", null, complete)) {
            assertEquals(List.of("C"), filterNames(deployment));
            assertTrue(deployment.spec().servlets().isEmpty());
        }
    }

    @Test
    void absoluteOrderingWithoutOthersOrdersFiltersAndExcludesTheRest() throws Exception {
        String webXml = """
                <web-app>
                  <absolute-ordering><name>B</name><name>Missing</name><name>A</name></absolute-ordering>
                </web-app>
                """;
        try (Deployment deployment = deployWar("absolute.war", webXml,
                library("a.jar", taggingFragment("A", "")), library("b.jar", taggingFragment("B", "")),
                library("c.jar", taggingFragment("C", "")), library("annot.jar", null, "annot"))) {
            assertEquals(List.of("B", "A"), filterNames(deployment));
            // The unnamed annot.jar is excluded too: its annotations are not read.
            assertTrue(deployment.spec().servlets().isEmpty());
        }
    }

    @Test
    void absoluteOrderingOthersTakesTheUnnamedFragmentsInJarOrder() throws Exception {
        String webXml = """
                <web-app>
                  <absolute-ordering><name>C</name><others/><name>A</name></absolute-ordering>
                </web-app>
                """;
        try (Deployment deployment = deployWar("others.war", webXml,
                library("a.jar", taggingFragment("A", "")), library("b.jar", taggingFragment("B", "")),
                library("c.jar", taggingFragment("C", "")), library("d.jar", taggingFragment("D", "")))) {
            assertEquals(List.of("C", "B", "D", "A"), filterNames(deployment));
        }
    }

    @Test
    void webXmlFiltersComeBeforeFragmentFilters() throws Exception {
        String webXml = """
                <web-app>
                  <filter><filter-name>own</filter-name><filter-class>frag.Tag</filter-class></filter>
                  <filter-mapping><filter-name>own</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                </web-app>
                """;
        try (Deployment deployment = deployWar("own-first.war", webXml, library("a.jar", taggingFragment("A", "")))) {
            assertEquals(List.of("own", "A"), filterNames(deployment));
        }
    }

    @Test
    void absoluteOrderingExcludesTheInitializersOfExcludedJars() throws Exception {
        Path withInit = Fixtures.zip(dir.resolve("libs/init.jar"), Map.of("init", classes.resolve("init"),
                "META-INF/services/jakarta.servlet.ServletContainerInitializer", "init.Init\n"));
        String excluding = "<web-app><absolute-ordering/>"
                + "<servlet><servlet-name>own</servlet-name><servlet-class>frag.Hello</servlet-class></servlet>"
                + "</web-app>";
        try (Deployment deployment = deployWar("no-init.war", excluding, withInit)) {
            assertTrue(deployment.spec().initializers().isEmpty());
        }
        try (Deployment deployment = deployWar("init.war", excluding.replace("<absolute-ordering/>",
                "<absolute-ordering><others/></absolute-ordering>"), withInit)) {
            assertEquals(1, deployment.spec().initializers().size());
        }
    }

    @Test
    void relativeOrderingHonoursBeforeAfterAndOthers() throws Exception {
        // §8.2.2's first example: F, B, D, E, C, A.
        try (Deployment deployment = deployWar("relative.war", null,
                library("a.jar", taggingFragment("A", "<ordering><after><others/><name>C</name></after></ordering>")),
                library("b.jar", taggingFragment("B", "<ordering><before><others/></before></ordering>")),
                library("c.jar", taggingFragment("C", "<ordering><after><others/></after></ordering>")),
                library("d.jar", taggingFragment("D", "")),
                library("e.jar", taggingFragment("E", "")),
                library("f.jar", taggingFragment("F", "<ordering><before><others/><name>B</name></before>"
                        + "</ordering>")))) {
            assertEquals(List.of("F", "B", "D", "E", "C", "A"), filterNames(deployment));
        }
    }

    @Test
    void relativeOrderingByNameAloneMovesOnlyWhatItMust() throws Exception {
        try (Deployment deployment = deployWar("after.war", null,
                library("a.jar", taggingFragment("A", "<ordering><after><name>C</name></after></ordering>")),
                library("b.jar", taggingFragment("B", "")),
                library("c.jar", taggingFragment("C", "")))) {
            assertEquals(List.of("B", "C", "A"), filterNames(deployment));
        }
    }

    @Test
    void circularRelativeOrderingFailsTheDeployment() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> deployWar("cycle.war", null,
                library("a.jar", taggingFragment("A", "<ordering><after><name>B</name></after></ordering>")),
                library("b.jar", taggingFragment("B", "<ordering><after><name>A</name></after></ordering>")))
                .close());
        assertEquals("cycle.war: the <ordering> of web fragments is circular among A (a.jar), B (b.jar)",
                e.getMessage());
    }

    @Test
    void duplicateFragmentNamesFailTheDeployment() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> deployWar("twins.war", null,
                library("a.jar", taggingFragment("Twin", "")), library("b.jar", taggingFragment("Twin", "")))
                .close());
        assertEquals("twins.war: two web fragments are named Twin: a.jar and b.jar", e.getMessage());
    }

    private static String servletWithParam(String name, String value) {
        return "<web-fragment><name>" + name + "</name>"
                + "<servlet><servlet-name>shared</servlet-name><servlet-class>frag.Hello</servlet-class>"
                + "<init-param><param-name>p</param-name><param-value>" + value + "</param-value></init-param>"
                + "</servlet></web-fragment>";
    }

    @Test
    void fragmentsGivingOneInitParamDifferentValuesFailTheDeployment() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> deployWar("conflict.war", null,
                library("a.jar", servletWithParam("A", "one")), library("b.jar", servletWithParam("B", "two")))
                .close());
        assertEquals("conflict.war: web fragments A (a.jar) and B (b.jar) conflict on init-param p of servlet"
                + " shared (one vs two); set it in WEB-INF/web.xml to decide", e.getMessage());
    }

    @Test
    void fragmentLocaleEncodingMappingsAreMergedAndWebXmlWins() throws Exception {
        String webXml = """
                <web-app><locale-encoding-mapping-list>
                  <locale-encoding-mapping><locale>ja</locale><encoding>EUC-JP</encoding></locale-encoding-mapping>
                </locale-encoding-mapping-list></web-app>
                """;
        Path lib = library("locales.jar", """
                <web-fragment><locale-encoding-mapping-list>
                  <locale-encoding-mapping><locale>ja</locale><encoding>Shift_JIS</encoding></locale-encoding-mapping>
                  <locale-encoding-mapping><locale>zh_CN</locale><encoding>GB18030</encoding></locale-encoding-mapping>
                </locale-encoding-mapping-list></web-fragment>
                """);
        try (Deployment deployment = deployWar("locales.war", webXml, lib)) {
            assertEquals(Map.of("ja", "EUC-JP", "zh_CN", "GB18030"), deployment.spec().localeEncodings());
        }
    }

    @Test
    void webXmlSettlesWhatFragmentsDisagreeOn() throws Exception {
        String webXml = """
                <web-app>
                  <servlet><servlet-name>shared</servlet-name><servlet-class>frag.Hello</servlet-class>
                    <init-param><param-name>p</param-name><param-value>main</param-value></init-param>
                  </servlet>
                </web-app>
                """;
        try (Deployment deployment = deployWar("settled.war", webXml,
                library("a.jar", servletWithParam("A", "one")), library("b.jar", servletWithParam("B", "two")))) {
            assertEquals(Map.of("p", "main"), servlet(deployment, "shared").initParams());
        }
    }

    @Test
    void webXmlMappingsReplaceAFragmentsMappingsForTheSameServlet() throws Exception {
        String webXml = """
                <web-app>
                  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/main</url-pattern></servlet-mapping>
                </web-app>
                """;
        Path lib = library("hello.jar", """
                <web-fragment>
                  <servlet><servlet-name>hello</servlet-name><servlet-class>frag.Hello</servlet-class></servlet>
                  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/fragment</url-pattern>
                  </servlet-mapping>
                  <servlet-mapping><servlet-name>annot.Annotated</servlet-name><url-pattern>/fragment-a</url-pattern>
                  </servlet-mapping>
                </web-fragment>
                """, "annot");
        try (Deployment deployment = deployWar("remapped.war", webXml, lib)) {
            assertEquals(Set.of("/main"), servlet(deployment, "hello").mappings());
            // A fragment's mapping for an annotated servlet replaces the annotation's pattern (§8.2.3).
            assertEquals(Set.of("/fragment-a"), servlet(deployment, "annot.Annotated").mappings());
        }
    }

    @Test
    void classesDirectoryFragmentsAreNotRead() throws Exception {
        // Only library jars are fragments: a web-fragment.xml under WEB-INF/classes/META-INF is a plain resource.
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("WEB-INF/classes/frag", classes.resolve("frag"));
        entries.put("WEB-INF/classes/META-INF/web-fragment.xml", taggingFragment("Inner", ""));
        entries.put("WEB-INF/web.xml", "<web-app><servlet><servlet-name>own</servlet-name>"
                + "<servlet-class>frag.Hello</servlet-class></servlet></web-app>");
        Path war = Fixtures.zip(dir.resolve("apps/inner.war"), entries);
        try (Deployment deployment = new Deployer().deploy(AppSource.of("", war, null))) {
            assertFalse(filterNames(deployment).contains("Inner"));
        }
    }

    @Test
    void initParamGivenTwiceInOneDescriptorKeepsItsFirstValue() throws Exception {
        WebXml webXml = WebXml.parse(new java.io.ByteArrayInputStream("""
                <web-app>
                  <servlet><servlet-name>s</servlet-name><servlet-class>frag.Hello</servlet-class>
                    <init-param><param-name>msg</param-name><param-value>first</param-value></init-param>
                    <init-param><param-name>msg</param-name><param-value>ignore</param-value></init-param>
                  </servlet>
                </web-app>
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "web.xml");
        WebAppSpec spec = new WebAppSpec();
        webXml.declareInto(spec);
        assertEquals(Map.of("msg", "first"), spec.servlets().get(0).initParams());
    }
}
