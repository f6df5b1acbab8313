package dev.portico.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a deployment descriptor (web.xml, web-fragment.xml) into its DOM root with the JDK's parser, locked down:
 * a descriptor comes from the app, so nothing in it may make the container fetch or expand anything external.
 */
final class DescriptorParser {
    private DescriptorParser() {
    }

    /** @param source names the file in messages, e.g. "shop.war!/WEB-INF/web.xml" */
    static Element root(InputStream in, String source) throws DeploymentException {
        try {
            return newBuilder().parse(in).getDocumentElement();
        } catch (SAXParseException e) {
            throw new DeploymentException(source + " line " + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new DeploymentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * No external DTDs or schemas are fetched and no external entities expanded (an old
     * {@code <!DOCTYPE web-app ... "http://java.sun.com/dtd/web-app_2_3.dtd">} is read, not downloaded).
     */
    private static DocumentBuilder newBuilder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        // The default handler prints "[Fatal Error]" to stderr; we report through the exception instead.
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return builder;
    }
}
