package dev.portico.deploy;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portico.servlet.WebAppSpec;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes {@link WebXml}: parsing a descriptor and applying it to a context. A bad descriptor is an operator fault
 * with one clear line, so the only exception allowed is {@link DeploymentException}, with a message. The JDK's XML
 * parser is not instrumented, so a dictionary of the descriptor's element names keeps mutations inside the grammar.
 */
class WebXmlFuzzTest {

    @DictionaryEntries({"<web-app>", "</web-app>", "<servlet>", "</servlet>", "<servlet-name>", "</servlet-name>",
        "<servlet-class>", "</servlet-class>", "<servlet-mapping>", "</servlet-mapping>", "<url-pattern>",
        "</url-pattern>", "<filter>", "</filter>", "<filter-name>", "</filter-name>", "<filter-class>",
        "</filter-class>", "<filter-mapping>", "</filter-mapping>", "<dispatcher>", "</dispatcher>", "<init-param>",
        "</init-param>", "<param-name>", "</param-name>", "<param-value>", "</param-value>", "<context-param>",
        "</context-param>", "<listener>", "</listener>", "<listener-class>", "</listener-class>", "<error-page>",
        "</error-page>", "<error-code>", "</error-code>", "<exception-type>", "</exception-type>", "<location>",
        "</location>", "<load-on-startup>", "</load-on-startup>", "<load-on-startup/>", "<async-supported>",
        "</async-supported>", "<enabled>", "</enabled>", "<multipart-config>", "</multipart-config>",
        "<max-file-size>", "</max-file-size>", "<max-request-size>", "</max-request-size>", "<file-size-threshold>",
        "</file-size-threshold>", "<session-config>", "</session-config>", "<session-timeout>", "</session-timeout>",
        "<mime-mapping>", "</mime-mapping>", "<extension>", "</extension>", "<mime-type>", "</mime-type>",
        "<welcome-file-list>", "</welcome-file-list>", "<welcome-file>", "</welcome-file>", "<display-name>",
        "</display-name>", "<request-character-encoding>", "</request-character-encoding>",
        "<response-character-encoding>", "</response-character-encoding>", " metadata-complete=\"true\"",
        " xmlns=\"https://jakarta.ee/xml/ns/jakartaee\"", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<!DOCTYPE web-app [", "<!ENTITY e \"", "&e;", "]>", "<![CDATA[", "]]>", "REQUEST", "FORWARD", "ERROR",
        "ASYNC", "INCLUDE", "true", "false", "-1", "2147483648", "/*", "*.do"})
    @FuzzTest
    void readWebXml(byte[] descriptor) {
        try {
            WebXml webXml = WebXml.parse(new ByteArrayInputStream(descriptor), "WEB-INF/web.xml");
            WebAppSpec spec = new WebAppSpec("/app");
            webXml.declareInto(spec);
            webXml.mapInto(spec);
        } catch (DeploymentException refused) {
            assertNotNull(refused.getMessage());
        }
    }
}
