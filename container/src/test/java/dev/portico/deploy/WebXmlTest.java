package dev.portico.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.DispatcherType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebXmlTest {
    private static final String FULL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <display-name>Shop</display-name>
              <context-param><param-name>currency</param-name><param-value> EUR </param-value></context-param>
              <filter>
                <filter-name>audit</filter-name><filter-class>shop.Audit</filter-class>
                <async-supported>true</async-supported>
                <init-param><param-name>level</param-name><param-value>all</param-value></init-param>
              </filter>
              <filter>
                <filter-name>gzip</filter-name><filter-class>shop.Gzip</filter-class>
              </filter>
              <filter-mapping><filter-name>gzip</filter-name><url-pattern>*.html</url-pattern></filter-mapping>
              <filter-mapping>
                <filter-name>audit</filter-name><url-pattern>/*</url-pattern>
                <dispatcher>REQUEST</dispatcher><dispatcher>ERROR</dispatcher>
              </filter-mapping>
              <filter-mapping><filter-name>audit</filter-name><servlet-name>cart</servlet-name>
                <dispatcher>FORWARD</dispatcher></filter-mapping>
              <listener><listener-class>shop.Startup</listener-class></listener>
              <servlet>
                <servlet-name>cart</servlet-name><servlet-class>shop.Cart</servlet-class>
                <init-param><param-name>size</param-name><param-value>10</param-value></init-param>
                <load-on-startup>1</load-on-startup>
                <async-supported>true</async-supported>
                <multipart-config><location>/tmp</location><max-file-size>2048</max-file-size>
                  <max-request-size>4096</max-request-size><file-size-threshold>512</file-size-threshold></multipart-config>
              </servlet>
              <servlet><servlet-name>off</servlet-name><servlet-class>shop.Off</servlet-class><enabled>false</enabled></servlet>
              <servlet><servlet-name>eager</servlet-name><servlet-class>shop.Eager</servlet-class><load-on-startup/></servlet>
              <servlet-mapping><servlet-name>cart</servlet-name><url-pattern>/cart/*</url-pattern><url-pattern>*.cart</url-pattern></servlet-mapping>
              <session-config><session-timeout>15</session-timeout></session-config>
              <mime-mapping><extension>md</extension><mime-type>text/markdown</mime-type></mime-mapping>
              <welcome-file-list><welcome-file>index.html</welcome-file><welcome-file>index.jsp</welcome-file></welcome-file-list>
              <error-page><error-code>404</error-code><location>/missing.html</location></error-page>
              <error-page><exception-type>java.lang.IllegalStateException</exception-type><location>/oops</location></error-page>
              <error-page><location>/error</location></error-page>
              <request-character-encoding>UTF-8</request-character-encoding>
              <response-character-encoding>ISO-8859-1</response-character-encoding>
            </web-app>
            """;

    private static WebXml parse(String xml) throws DeploymentException {
        return WebXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test/web.xml");
    }

    private static WebAppSpec apply(String xml) throws DeploymentException {
        WebXml webXml = parse(xml);
        WebAppSpec spec = new WebAppSpec("/shop");
        webXml.declareInto(spec);
        webXml.mapInto(spec);
        return spec;
    }

    @Test
    void readsEveryElementPorticoSupports() throws Exception {
        WebAppSpec spec = apply(FULL);
        assertEquals("Shop", spec.displayName());
        assertEquals(Map.of("currency", "EUR"), spec.contextParams());

        assertEquals(List.of("cart", "eager"), spec.servlets().stream().map(WebAppSpec.ServletSpec::name).toList());
        WebAppSpec.ServletSpec cart = spec.servlets().get(0);
        assertEquals("shop.Cart", cart.className());
        assertEquals(Map.of("size", "10"), cart.initParams());
        assertEquals(Set.of("/cart/*", "*.cart"), cart.mappings());
        assertEquals(1, cart.loadOnStartup());
        assertTrue(cart.asyncSupported());
        assertEquals("/tmp", cart.multipartConfig().getLocation());
        assertEquals(2048, cart.multipartConfig().getMaxFileSize());
        assertEquals(4096, cart.multipartConfig().getMaxRequestSize());
        assertEquals(512, cart.multipartConfig().getFileSizeThreshold());
        assertEquals(0, spec.servlets().get(1).loadOnStartup(), "empty <load-on-startup/> means at start");

        // Chain order is mapping order: gzip was mapped first although declared second.
        assertEquals(List.of("gzip", "audit"), spec.filters().stream().map(WebAppSpec.FilterSpec::name).toList());
        WebAppSpec.FilterSpec audit = spec.filters().get(1);
        assertEquals(List.of("/*"), audit.urlPatterns());
        assertEquals(List.of("cart"), audit.servletNames());
        assertEquals(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.FORWARD),
                audit.dispatcherTypes());
        assertEquals(Map.of("level", "all"), audit.initParams());
        assertTrue(audit.asyncSupported());
        assertEquals(EnumSet.of(DispatcherType.REQUEST), spec.filters().get(0).dispatcherTypes());

        assertEquals(List.of("shop.Startup"), spec.listeners().stream()
                .map(WebAppSpec.ListenerSpec::className).toList());
        assertEquals(15, spec.sessionTimeoutMinutes());
        assertEquals(Map.of("md", "text/markdown"), spec.mimeMappings());
        assertEquals(List.of("index.html", "index.jsp"), spec.welcomeFiles());
        assertEquals(Map.of(404, "/missing.html"), spec.errorPagesByStatus());
        assertEquals(Map.of("java.lang.IllegalStateException", "/oops"), spec.errorPagesByException());
        assertEquals("/error", spec.defaultErrorPage());
        assertEquals("UTF-8", spec.requestCharacterEncoding());
        assertEquals("ISO-8859-1", spec.responseCharacterEncoding());
    }

    @Test
    void noNamespaceAndOldDoctypeAreReadWithoutFetchingTheDtd() throws Exception {
        WebAppSpec spec = apply("""
                <?xml version="1.0"?>
                <!DOCTYPE web-app PUBLIC "-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN"
                    "http://java.sun.com/dtd/web-app_2_3.dtd">
                <web-app><listener><listener-class>a.B</listener-class></listener></web-app>
                """);
        assertEquals("a.B", spec.listeners().get(0).className());
    }

    @Test
    void externalEntitiesAreNotExpanded(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE web-app [ <!ENTITY leak SYSTEM "%s"> ]>
                <web-app><context-param><param-name>x</param-name><param-value>&leak;</param-value></context-param></web-app>
                """.formatted(secret.toUri());
        try {
            WebAppSpec spec = apply(xml);
            assertFalse(spec.contextParams().get("x").contains("TOP-SECRET"));
        } catch (DeploymentException refused) {
            assertFalse(refused.getMessage().contains("TOP-SECRET"));
        }
    }

    @Test
    void metadataCompleteIsRead() throws Exception {
        assertTrue(parse("<web-app metadata-complete=\"true\"/>").metadataComplete());
        assertFalse(parse("<web-app/>").metadataComplete());
    }

    @Test
    void securityConstraintsFailLoudly() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> parse("""
                <web-app><security-constraint><web-resource-collection><url-pattern>/admin/*</url-pattern>
                </web-resource-collection></security-constraint></web-app>
                """));
        assertEquals("test/web.xml: <security-constraint> is not supported by Portico", e.getMessage());
    }

    @Test
    void jspFileFailsLoudly() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> parse("""
                <web-app><servlet><servlet-name>j</servlet-name><jsp-file>/a.jsp</jsp-file></servlet></web-app>
                """));
        assertEquals("test/web.xml: <jsp-file> in servlet j is not supported by Portico", e.getMessage());
    }

    @Test
    void mappingOfAnUndeclaredServletIsAnError() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> apply("""
                <web-app><servlet-mapping><servlet-name>ghost</servlet-name><url-pattern>/g</url-pattern>
                </servlet-mapping></web-app>
                """));
        assertTrue(e.getMessage().contains("names servlet ghost, which is not declared"), e.getMessage());
    }

    @Test
    void malformedXmlNamesTheLine() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> parse("<web-app>\n<servlet>\n</web-app>"));
        assertTrue(e.getMessage().startsWith("test/web.xml line 3: "), e.getMessage());
    }

    @Test
    void wrongRootElementIsAnError() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> parse("<beans/>"));
        assertEquals("test/web.xml: the root element is <beans>, not <web-app>", e.getMessage());
    }

    @Test
    void servletWithoutClassIsAnError() {
        assertThrows(DeploymentException.class, () -> parse(
                "<web-app><servlet><servlet-name>x</servlet-name></servlet></web-app>"));
    }

    @Test
    void localeEncodingMappingsAreRead() throws Exception {
        WebAppSpec spec = apply("""
                <web-app><locale-encoding-mapping-list>
                  <locale-encoding-mapping><locale>ja</locale><encoding>Shift_JIS</encoding></locale-encoding-mapping>
                  <locale-encoding-mapping><locale>zh_CN</locale><encoding>GB18030</encoding></locale-encoding-mapping>
                </locale-encoding-mapping-list></web-app>
                """);
        assertEquals(Map.of("ja", "Shift_JIS", "zh_CN", "GB18030"), spec.localeEncodings());
    }

    @Test
    void defaultContextPathIsReadButDoesNotMoveTheApp() throws Exception {
        WebAppSpec spec = apply("<web-app><default-context-path>/store</default-context-path></web-app>");
        assertEquals("/store", spec.defaultContextPath());
        assertEquals("/shop", spec.contextPath(), "only a deployer that was given no context path uses it");
        assertEquals("", apply("<web-app><default-context-path>/</default-context-path></web-app>")
                .defaultContextPath());
        assertThrows(DeploymentException.class,
                () -> parse("<web-app><default-context-path>store/</default-context-path></web-app>"));
    }

    @Test
    void effectiveVersionIsTheDescriptorsVersion() throws Exception {
        WebAppSpec v50 = apply("<web-app version=\"5.0\"/>");
        assertEquals(List.of(5, 0), List.of(v50.effectiveMajorVersion(), v50.effectiveMinorVersion()));
        WebAppSpec v22 = apply("""
                <!DOCTYPE web-app PUBLIC '-//Sun Microsystems, Inc.//DTD Web Application 2.2//EN'
                    'http://java.sun.com/j2ee/dtds/web-app_2_2.dtd'>
                <web-app/>
                """);
        assertEquals(List.of(2, 2), List.of(v22.effectiveMajorVersion(), v22.effectiveMinorVersion()));
        WebAppSpec none = apply("<web-app/>");
        assertEquals(List.of(6, 1), List.of(none.effectiveMajorVersion(), none.effectiveMinorVersion()));
    }

    @Test
    void servlet22PatternWithoutLeadingSlashGetsOne() throws Exception {
        WebAppSpec spec = apply("""
                <!DOCTYPE web-app PUBLIC '-//Sun Microsystems, Inc.//DTD Web Application 2.2//EN'
                    'http://java.sun.com/j2ee/dtds/web-app_2_2.dtd'>
                <web-app><servlet><servlet-name>s</servlet-name><servlet-class>a.S</servlet-class></servlet>
                <servlet-mapping><servlet-name>s</servlet-name><url-pattern>catalog/*</url-pattern>
                <url-pattern>*.do</url-pattern></servlet-mapping></web-app>
                """);
        assertEquals(Set.of("/catalog/*", "*.do"), spec.servlets().get(0).mappings());
    }

    @Test
    void patternWithoutLeadingSlashIsKeptAsWrittenAfterServlet22() throws Exception {
        WebAppSpec spec = apply("""
                <web-app version="2.4"><servlet><servlet-name>s</servlet-name><servlet-class>a.S</servlet-class>
                </servlet><servlet-mapping><servlet-name>s</servlet-name><url-pattern>catalog/*</url-pattern>
                </servlet-mapping></web-app>
                """);
        assertEquals(Set.of("catalog/*"), spec.servlets().get(0).mappings(), "left for the mapper to refuse");
    }

    @Test
    void securityRoleRefIsAccepted() throws Exception {
        WebAppSpec spec = apply("""
                <web-app><servlet><servlet-name>s</servlet-name><servlet-class>a.S</servlet-class>
                <security-role-ref><role-name>boss</role-name><role-link>manager</role-link></security-role-ref>
                </servlet></web-app>
                """);
        assertEquals("a.S", spec.servlets().get(0).className());
    }
}
