package dev.portico.deploy;

import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * {@code WEB-INF/web.xml} (Servlet 6.1 §14) read into declarations, applied to a {@link WebAppSpec} in two steps so
 * annotations can come in between: {@link #declareInto} first (servlets, filters, listeners, everything else), then
 * {@link #mapInto} (servlet and filter mappings, which may name annotated components and override their patterns,
 * §8.2.3). Elements Portico does not implement fail the deployment instead of being ignored: an app that relies on a
 * {@code <security-constraint>} must not run unprotected. The elements themselves are read by
 * {@link ComponentDeclarations} and {@link ContextSettings}; this class routes them and checks the root.
 */
final class WebXml {
    /** Top-level elements that need no action here (descriptive, or meaningful only with what we reject). */
    private static final Set<String> IGNORED = Set.of("description", "display-name", "icon", "distributable",
            "module-name", "absolute-ordering", "deny-uncovered-http-methods");
    /** The DOCTYPE public ids of the DTD-based descriptors, which carry no {@code version} attribute. */
    private static final String DTD_2_2 = "-//Sun Microsystems, Inc.//DTD Web Application 2.2//EN";
    private static final String DTD_2_3 = "-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN";

    record ServletDecl(String name, String className, Map<String, String> initParams, Integer loadOnStartup,
                       boolean asyncSupported, MultipartConfigElement multipartConfig) {
    }

    record FilterDecl(String name, String className, Map<String, String> initParams, boolean asyncSupported) {
    }

    record FilterMapping(String filterName, List<String> urlPatterns, List<String> servletNames,
                         EnumSet<DispatcherType> dispatchers) {
    }

    /** The Servlet version a descriptor was written for; the container's own when it names none. */
    private record Version(int major, int minor) {
        static final Version CONTAINER = new Version(6, 1);

        boolean isServlet22() {
            return major == 2 && minor == 2;
        }
    }

    private final DescriptorElements elements;
    private final Version version;
    private final ComponentDeclarations components;
    private final ContextSettings settings;
    private boolean metadataComplete;

    private WebXml(String source, Version version) {
        this.elements = new DescriptorElements(source);
        this.version = version;
        this.components = new ComponentDeclarations(elements, version.isServlet22());
        this.settings = new ContextSettings(elements);
    }

    /** @param source names the file in messages, e.g. "shop.war!/WEB-INF/web.xml" */
    static WebXml parse(InputStream in, String source) throws DeploymentException {
        return parse(root(in, source), source);
    }

    /** A web.xml ({@code <web-app>}) or a web-fragment.xml ({@code <web-fragment>}, §8.2.1) already parsed. */
    static WebXml parse(Element root, String source) throws DeploymentException {
        WebXml webXml = new WebXml(source, version(root, source));
        webXml.read(root);
        return webXml;
    }

    /** The descriptor's root element, for what is read beside the declarations (names and ordering, §8.2.2). */
    static Element root(InputStream in, String source) throws DeploymentException {
        return DescriptorParser.root(in, source);
    }

    /** The descriptor of an app without a web.xml, into which its web fragments are merged. */
    static WebXml empty(String source) {
        return new WebXml(source, Version.CONTAINER);
    }

    boolean metadataComplete() {
        return metadataComplete;
    }

    private void read(Element root) throws DeploymentException {
        boolean fragment = WebFragment.ROOT.equals(root.getLocalName());
        if (!"web-app".equals(root.getLocalName()) && !fragment) {
            throw elements.failure("the root element is <" + root.getLocalName() + ">, not <web-app>");
        }
        metadataComplete = "true".equalsIgnoreCase(root.getAttribute("metadata-complete").trim());
        for (Element child : DescriptorElements.children(root)) {
            String name = child.getLocalName();
            if (!components.read(child) && !settings.read(child) && !IGNORED.contains(name)
                    && !(fragment && WebFragment.OWN_ELEMENTS.contains(name))) {
                throw elements.unsupported("<" + name + ">");
            }
        }
    }

    /**
     * The Servlet version the descriptor was written for: its {@code version} attribute (2.4 and later), else the
     * DTD it names (2.2, 2.3), else the container's own.
     */
    private static Version version(Element root, String source) throws DeploymentException {
        String version = root.getAttribute("version").trim();
        var doctype = root.getOwnerDocument().getDoctype();
        if (version.isEmpty() && doctype != null) {
            String publicId = doctype.getPublicId();
            version = DTD_2_2.equals(publicId) ? "2.2" : DTD_2_3.equals(publicId) ? "2.3" : "";
        }
        if (version.isEmpty()) {
            return Version.CONTAINER;
        }
        int dot = version.indexOf('.');
        try {
            return new Version(Integer.parseInt(dot < 0 ? version : version.substring(0, dot)),
                    dot < 0 ? 0 : Integer.parseInt(version.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new DeploymentException(source + ": bad <web-app version> " + version);
        }
    }

    /** Everything except the mappings, which wait for annotations. */
    void declareInto(WebAppSpec spec) {
        settings.declareInto(spec);
        components.declareInto(spec);
        spec.effectiveVersion(version.major(), version.minor());
    }

    /**
     * Servlet and filter mappings. A name mapped here has its annotation patterns replaced (§8.2.3); filters mapped
     * here come first in the chain, in mapping order (§6.2.4), annotated ones after.
     */
    void mapInto(WebAppSpec spec) throws DeploymentException {
        components.mapInto(spec);
    }

    // --- what FragmentMerger reads and extends (§8.2.3): the live collections, in declaration order.

    String source() {
        return elements.source();
    }

    Map<String, String> contextParams() {
        return settings.contextParams;
    }

    List<ServletDecl> servlets() {
        return components.servlets;
    }

    Map<String, List<String>> servletMappings() {
        return components.servletMappings;
    }

    List<FilterDecl> filters() {
        return components.filters;
    }

    List<FilterMapping> filterMappings() {
        return components.filterMappings;
    }

    List<String> listeners() {
        return components.listeners;
    }

    Map<Integer, String> errorPagesByStatus() {
        return settings.errorPagesByStatus;
    }

    Map<String, String> errorPagesByException() {
        return settings.errorPagesByException;
    }

    List<String> welcomeFiles() {
        return settings.welcomeFiles;
    }

    Map<String, String> mimeMappings() {
        return settings.mimeMappings;
    }

    Map<String, String> localeEncodings() {
        return settings.localeEncodings;
    }

    /** The single-valued settings, by element name, for the "web.xml wins, fragments must agree" rule. */
    Map<String, String> singleValues() {
        return settings.singleValues();
    }

    void singleValue(String element, String value) {
        settings.singleValue(element, value);
    }
}
