package dev.portico.deploy;

import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * {@code WEB-INF/web.xml} (Servlet 6.1 §14) read into declarations, applied to a {@link WebAppSpec} in two steps so
 * annotations can come in between: {@link #declareInto} first (servlets, filters, listeners, everything else), then
 * {@link #mapInto} (servlet and filter mappings, which may name annotated components and override their patterns,
 * §8.2.3). Elements Portico does not implement fail the deployment instead of being ignored: an app that relies on a
 * {@code <security-constraint>} must not run unprotected.
 */
final class WebXml {
    /** Top-level elements that need no action here (descriptive, or meaningful only with what we reject). */
    private static final Set<String> IGNORED = Set.of("description", "display-name", "icon", "distributable",
            "module-name", "absolute-ordering", "deny-uncovered-http-methods");
    /** {@code <security-role-ref>} maps role names for isUserInRole; with no login every answer is false anyway. */
    private static final Set<String> SERVLET_IGNORED = Set.of("description", "display-name", "icon",
            "security-role-ref");
    /** The DOCTYPE public ids of the DTD-based descriptors, which carry no {@code version} attribute. */
    private static final String DTD_2_2 = "-//Sun Microsystems, Inc.//DTD Web Application 2.2//EN";
    private static final String DTD_2_3 = "-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN";
    private static final Logger log = LoggerFactory.getLogger(WebXml.class);

    record ServletDecl(String name, String className, Map<String, String> initParams, Integer loadOnStartup,
                       boolean asyncSupported, MultipartConfigElement multipartConfig) {
    }

    record FilterDecl(String name, String className, Map<String, String> initParams, boolean asyncSupported) {
    }

    record FilterMapping(String filterName, List<String> urlPatterns, List<String> servletNames,
                         EnumSet<DispatcherType> dispatchers) {
    }

    private final String source;
    private boolean metadataComplete;
    private String displayName;
    private final Map<String, String> contextParams = new LinkedHashMap<>();
    private final List<ServletDecl> servlets = new ArrayList<>();
    private final Map<String, List<String>> servletMappings = new LinkedHashMap<>();
    private final List<FilterDecl> filters = new ArrayList<>();
    private final List<FilterMapping> filterMappings = new ArrayList<>();
    private final List<String> listeners = new ArrayList<>();
    private final Map<Integer, String> errorPagesByStatus = new LinkedHashMap<>();
    private final Map<String, String> errorPagesByException = new LinkedHashMap<>();
    private String defaultErrorPage;
    private final List<String> welcomeFiles = new ArrayList<>();
    private final Map<String, String> mimeMappings = new LinkedHashMap<>();
    private Integer sessionTimeout;
    private String requestEncoding;
    private String responseEncoding;
    private final Map<String, String> localeEncodings = new LinkedHashMap<>();
    private String defaultContextPath;
    private int majorVersion = 6;
    private int minorVersion = 1;

    private WebXml(String source) {
        this.source = source;
    }

    /** @param source names the file in messages, e.g. "shop.war!/WEB-INF/web.xml" */
    static WebXml parse(InputStream in, String source) throws DeploymentException {
        return parse(root(in, source), source);
    }

    /** A web.xml ({@code <web-app>}) or a web-fragment.xml ({@code <web-fragment>}, §8.2.1) already parsed. */
    static WebXml parse(Element root, String source) throws DeploymentException {
        WebXml webXml = new WebXml(source);
        webXml.readVersion(root);
        webXml.read(root);
        return webXml;
    }

    /** The descriptor's root element, for what is read beside the declarations (names and ordering, §8.2.2). */
    static Element root(InputStream in, String source) throws DeploymentException {
        try {
            return newBuilder().parse(in).getDocumentElement();
        } catch (SAXParseException e) {
            throw new DeploymentException(source + " line " + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new DeploymentException(source + ": " + e.getMessage(), e);
        }
    }

    /** The descriptor of an app without a web.xml, into which its web fragments are merged. */
    static WebXml empty(String source) {
        return new WebXml(source);
    }

    /**
     * The JDK's parser, locked down: no external DTDs or schemas are fetched and no external entities expanded
     * (an old {@code <!DOCTYPE web-app ... "http://java.sun.com/dtd/web-app_2_3.dtd">} is read, not downloaded).
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

    boolean metadataComplete() {
        return metadataComplete;
    }

    private void read(Element root) throws DeploymentException {
        boolean fragment = WebFragment.ROOT.equals(root.getLocalName());
        if (!"web-app".equals(root.getLocalName()) && !fragment) {
            throw new DeploymentException(source + ": the root element is <" + root.getLocalName()
                    + ">, not <web-app>");
        }
        metadataComplete = "true".equalsIgnoreCase(root.getAttribute("metadata-complete").trim());
        for (Element child : children(root)) {
            String name = child.getLocalName();
            switch (name) {
                case "display-name" -> displayName = text(child);
                case "context-param" -> contextParams.put(required(child, "param-name"),
                        orEmpty(text(child, "param-value")));
                case "servlet" -> readServlet(child);
                case "servlet-mapping" -> servletMappings
                        .computeIfAbsent(required(child, "servlet-name"), k -> new ArrayList<>())
                        .addAll(urlPatterns(child));
                case "filter" -> filters.add(new FilterDecl(required(child, "filter-name"),
                        required(child, "filter-class"), initParams(child), bool(child, "async-supported")));
                case "filter-mapping" -> readFilterMapping(child);
                case "listener" -> listeners.add(required(child, "listener-class"));
                case "error-page" -> readErrorPage(child);
                case "welcome-file-list" -> welcomeFiles.addAll(texts(child, "welcome-file"));
                case "mime-mapping" -> mimeMappings.put(required(child, "extension"),
                        required(child, "mime-type"));
                case "session-config" -> readSessionConfig(child);
                case "request-character-encoding" -> requestEncoding = text(child);
                case "response-character-encoding" -> responseEncoding = text(child);
                case "locale-encoding-mapping-list" -> readLocaleEncodings(child);
                case "default-context-path" -> defaultContextPath = defaultContextPath(child);
                default -> {
                    if (!IGNORED.contains(name) && !(fragment && WebFragment.OWN_ELEMENTS.contains(name))) {
                        throw unsupported("<" + name + ">");
                    }
                }
            }
        }
    }

    /**
     * The Servlet version the descriptor was written for: its {@code version} attribute (2.4 and later), else the
     * DTD it names (2.2, 2.3), else the container's own.
     */
    private void readVersion(Element root) throws DeploymentException {
        String version = root.getAttribute("version").trim();
        var doctype = root.getOwnerDocument().getDoctype();
        if (version.isEmpty() && doctype != null) {
            String publicId = doctype.getPublicId();
            version = DTD_2_2.equals(publicId) ? "2.2" : DTD_2_3.equals(publicId) ? "2.3" : "";
        }
        if (version.isEmpty()) {
            return;
        }
        int dot = version.indexOf('.');
        try {
            majorVersion = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
            minorVersion = dot < 0 ? 0 : Integer.parseInt(version.substring(dot + 1));
        } catch (NumberFormatException e) {
            throw new DeploymentException(source + ": bad <web-app version> " + version);
        }
    }

    private boolean isServlet22() {
        return majorVersion == 2 && minorVersion == 2;
    }

    /**
     * The {@code <url-pattern>}s of a mapping. Servlet 2.2 did not require the leading "/" of a path pattern
     * ("catalog/*"); later versions do (§12.2), so only a 2.2 descriptor gets one added, as Tomcat does.
     */
    private List<String> urlPatterns(Element mapping) {
        List<String> patterns = texts(mapping, "url-pattern");
        if (!isServlet22()) {
            return patterns;
        }
        List<String> adjusted = new ArrayList<>(patterns.size());
        for (String pattern : patterns) {
            if (!pattern.isEmpty() && !pattern.startsWith("/") && !pattern.startsWith("*.")) {
                log.info("{}: url-pattern '{}' of a Servlet 2.2 descriptor is read as '/{}'", source, pattern,
                        pattern);
                pattern = "/" + pattern;
            }
            adjusted.add(pattern);
        }
        return adjusted;
    }

    /** §10.13: "" or "/" for the root, else "/name" with no trailing slash. */
    private String defaultContextPath(Element element) throws DeploymentException {
        String path = text(element);
        if (path.isEmpty() || path.equals("/")) {
            return "";
        }
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new DeploymentException(source + ": bad <default-context-path> " + path
                    + " (expected \"\" or /name)");
        }
        return path;
    }

    private void readLocaleEncodings(Element list) throws DeploymentException {
        for (Element mapping : children(list)) {
            if (mapping.getLocalName().equals("locale-encoding-mapping")) {
                localeEncodings.put(required(mapping, "locale"), required(mapping, "encoding"));
            }
        }
    }

    private void readServlet(Element servlet) throws DeploymentException {
        String name = required(servlet, "servlet-name");
        String className = null;
        Map<String, String> initParams = initParams(servlet);
        Integer loadOnStartup = null;
        boolean enabled = true;
        MultipartConfigElement multipart = null;
        for (Element child : children(servlet)) {
            switch (child.getLocalName()) {
                case "servlet-name", "init-param", "async-supported" -> { }
                case "servlet-class" -> className = text(child);
                case "load-on-startup" -> loadOnStartup = loadOnStartup(child, name);
                case "enabled" -> enabled = !"false".equalsIgnoreCase(text(child));
                case "multipart-config" -> multipart = multipartConfig(child);
                default -> {
                    if (!SERVLET_IGNORED.contains(child.getLocalName())) {
                        throw unsupported("<" + child.getLocalName() + "> in servlet " + name);
                    }
                }
            }
        }
        if (className == null || className.isEmpty()) {
            throw new DeploymentException(source + ": servlet " + name + " has no <servlet-class>");
        }
        if (enabled) {
            servlets.add(new ServletDecl(name, className, initParams, loadOnStartup,
                    bool(servlet, "async-supported"), multipart));
        }
    }

    /** An empty {@code <load-on-startup/>} means "at start, in any order" (§14.4.15). */
    private Integer loadOnStartup(Element element, String servlet) throws DeploymentException {
        String value = text(element);
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new DeploymentException(source + ": servlet " + servlet + " has a bad <load-on-startup>: " + value);
        }
    }

    private MultipartConfigElement multipartConfig(Element element) throws DeploymentException {
        String location = text(element, "location");
        return new MultipartConfigElement(location == null ? "" : location,
                number(element, "max-file-size", -1L), number(element, "max-request-size", -1L),
                (int) number(element, "file-size-threshold", 0L));
    }

    private void readFilterMapping(Element mapping) throws DeploymentException {
        EnumSet<DispatcherType> dispatchers = EnumSet.noneOf(DispatcherType.class);
        for (String dispatcher : texts(mapping, "dispatcher")) {
            try {
                dispatchers.add(DispatcherType.valueOf(dispatcher.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new DeploymentException(source + ": unknown <dispatcher> " + dispatcher);
            }
        }
        if (dispatchers.isEmpty()) {
            dispatchers.add(DispatcherType.REQUEST);
        }
        filterMappings.add(new FilterMapping(required(mapping, "filter-name"), urlPatterns(mapping),
                texts(mapping, "servlet-name"), dispatchers));
    }

    private void readErrorPage(Element page) throws DeploymentException {
        String location = required(page, "location");
        String code = text(page, "error-code");
        String exception = text(page, "exception-type");
        if (code != null) {
            try {
                errorPagesByStatus.put(Integer.valueOf(code), location);
            } catch (NumberFormatException e) {
                throw new DeploymentException(source + ": bad <error-code> " + code);
            }
        } else if (exception != null) {
            errorPagesByException.put(exception, location);
        } else {
            defaultErrorPage = location;
        }
    }

    private void readSessionConfig(Element config) throws DeploymentException {
        for (Element child : children(config)) {
            if (child.getLocalName().equals("session-timeout")) {
                try {
                    sessionTimeout = Integer.valueOf(text(child));
                } catch (NumberFormatException e) {
                    throw new DeploymentException(source + ": bad <session-timeout> " + text(child));
                }
            } else {
                throw unsupported("<" + child.getLocalName() + "> in <session-config>");
            }
        }
    }

    /** Everything except the mappings, which wait for annotations. */
    void declareInto(WebAppSpec spec) {
        if (displayName != null) {
            spec.displayName(displayName);
        }
        contextParams.forEach(spec::contextParam);
        for (ServletDecl decl : servlets) {
            WebAppSpec.ServletSpec servlet = spec.servlet(decl.name(), decl.className())
                    .loadOnStartup(decl.loadOnStartup())
                    .asyncSupported(decl.asyncSupported())
                    .multipartConfig(decl.multipartConfig());
            decl.initParams().forEach(servlet::initParam);
        }
        for (FilterDecl decl : filters) {
            WebAppSpec.FilterSpec filter = spec.filter(decl.name(), decl.className())
                    .asyncSupported(decl.asyncSupported());
            decl.initParams().forEach(filter::initParam);
        }
        listeners.forEach(spec::listener);
        errorPagesByStatus.forEach(spec::errorPage);
        errorPagesByException.forEach(spec::errorPage);
        if (defaultErrorPage != null) {
            spec.defaultErrorPage(defaultErrorPage);
        }
        welcomeFiles.forEach(spec::welcomeFile);
        mimeMappings.forEach(spec::mimeMapping);
        if (sessionTimeout != null) {
            spec.sessionTimeoutMinutes(sessionTimeout);
        }
        if (requestEncoding != null) {
            spec.requestCharacterEncoding(requestEncoding);
        }
        if (responseEncoding != null) {
            spec.responseCharacterEncoding(responseEncoding);
        }
        localeEncodings.forEach(spec::localeEncoding);
        if (defaultContextPath != null) {
            spec.defaultContextPath(defaultContextPath);
        }
        spec.effectiveVersion(majorVersion, minorVersion);
    }

    /**
     * Servlet and filter mappings. A name mapped here has its annotation patterns replaced (§8.2.3); filters mapped
     * here come first in the chain, in mapping order (§6.2.4), annotated ones after.
     */
    void mapInto(WebAppSpec spec) throws DeploymentException {
        for (Map.Entry<String, List<String>> mapping : servletMappings.entrySet()) {
            WebAppSpec.ServletSpec servlet = spec.servlets().stream()
                    .filter(s -> s.name().equals(mapping.getKey())).findFirst()
                    .orElseThrow(() -> new DeploymentException(source + ": <servlet-mapping> names servlet "
                            + mapping.getKey() + ", which is not declared"));
            servlet.mappings().clear();
            servlet.mapping(mapping.getValue().toArray(String[]::new));
        }
        Map<String, WebAppSpec.FilterSpec> remapped = new LinkedHashMap<>();
        for (FilterMapping mapping : filterMappings) {
            WebAppSpec.FilterSpec filter = spec.filters().stream()
                    .filter(f -> f.name().equals(mapping.filterName())).findFirst()
                    .orElseThrow(() -> new DeploymentException(source + ": <filter-mapping> names filter "
                            + mapping.filterName() + ", which is not declared"));
            if (remapped.putIfAbsent(filter.name(), filter) == null) {
                filter.urlPatterns().clear();
                filter.servletNames().clear();
                filter.dispatcherTypes().clear();
            }
            // WebAppSpec keeps one dispatcher set per filter: several mappings of one filter share their union.
            filter.urlPattern(mapping.urlPatterns().toArray(String[]::new));
            filter.servletName(mapping.servletNames().toArray(String[]::new));
            filter.dispatcherTypes().addAll(mapping.dispatchers());
        }
        List<WebAppSpec.FilterSpec> ordered = new ArrayList<>(remapped.values());
        spec.filters().stream().filter(f -> !remapped.containsKey(f.name())).forEach(ordered::add);
        spec.filters().clear();
        spec.filters().addAll(ordered);
    }

    // --- what FragmentMerger reads and extends (§8.2.3): the live collections, in declaration order.

    String source() {
        return source;
    }

    Map<String, String> contextParams() {
        return contextParams;
    }

    List<ServletDecl> servlets() {
        return servlets;
    }

    Map<String, List<String>> servletMappings() {
        return servletMappings;
    }

    List<FilterDecl> filters() {
        return filters;
    }

    List<FilterMapping> filterMappings() {
        return filterMappings;
    }

    List<String> listeners() {
        return listeners;
    }

    Map<Integer, String> errorPagesByStatus() {
        return errorPagesByStatus;
    }

    Map<String, String> errorPagesByException() {
        return errorPagesByException;
    }

    List<String> welcomeFiles() {
        return welcomeFiles;
    }

    Map<String, String> mimeMappings() {
        return mimeMappings;
    }

    Map<String, String> localeEncodings() {
        return localeEncodings;
    }

    /** The single-valued settings, by element name, for the "web.xml wins, fragments must agree" rule. */
    Map<String, String> singleValues() {
        Map<String, String> values = new LinkedHashMap<>();
        putIfSet(values, "error-page (default)", defaultErrorPage);
        putIfSet(values, "session-timeout", sessionTimeout == null ? null : sessionTimeout.toString());
        putIfSet(values, "request-character-encoding", requestEncoding);
        putIfSet(values, "response-character-encoding", responseEncoding);
        return values;
    }

    void singleValue(String element, String value) {
        switch (element) {
            case "error-page (default)" -> defaultErrorPage = value;
            case "session-timeout" -> sessionTimeout = Integer.valueOf(value);
            case "request-character-encoding" -> requestEncoding = value;
            case "response-character-encoding" -> responseEncoding = value;
            default -> throw new IllegalArgumentException(element);
        }
    }

    private static void putIfSet(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    private DeploymentException unsupported(String what) {
        return new DeploymentException(source + ": " + what + " is not supported by Portico");
    }

    // --- small DOM helpers: web.xml is matched by local name, so any schema version's namespace (or none) works.

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static String text(Element element) {
        return element.getTextContent().trim();
    }

    /** The text of the first child named {@code name}, or null. */
    private static String text(Element parent, String name) {
        for (Element child : children(parent)) {
            if (child.getLocalName().equals(name)) {
                return text(child);
            }
        }
        return null;
    }

    private static List<String> texts(Element parent, String name) {
        List<String> values = new ArrayList<>();
        for (Element child : children(parent)) {
            if (child.getLocalName().equals(name)) {
                values.add(text(child));
            }
        }
        return values;
    }

    private String required(Element parent, String name) throws DeploymentException {
        String value = text(parent, name);
        if (value == null || value.isEmpty()) {
            throw new DeploymentException(source + ": <" + parent.getLocalName() + "> without <" + name + ">");
        }
        return value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static boolean bool(Element parent, String name) {
        return "true".equalsIgnoreCase(text(parent, name));
    }

    private long number(Element parent, String name, long absent) throws DeploymentException {
        String value = text(parent, name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new DeploymentException(source + ": bad <" + name + "> " + value);
        }
    }

    private Map<String, String> initParams(Element parent) throws DeploymentException {
        Map<String, String> params = new LinkedHashMap<>();
        for (Element child : children(parent)) {
            if (child.getLocalName().equals("init-param")) {
                // A name given twice keeps its first value, as the TCK's pluggability apps expect.
                params.putIfAbsent(required(child, "param-name"), orEmpty(text(child, "param-value")));
            }
        }
        return params;
    }
}
