package dev.portico.deploy;

import static dev.portico.deploy.DescriptorElements.bool;
import static dev.portico.deploy.DescriptorElements.children;
import static dev.portico.deploy.DescriptorElements.text;
import static dev.portico.deploy.DescriptorElements.texts;

import dev.portico.deploy.WebXml.FilterDecl;
import dev.portico.deploy.WebXml.FilterMapping;
import dev.portico.deploy.WebXml.ServletDecl;
import dev.portico.servlet.WebAppSpec;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The components a descriptor declares — servlets, filters, listeners — and their servlet and filter mappings
 * (Servlet 6.1 §14.4), applied in two steps: {@link #declareInto} with the rest of the descriptor, {@link #mapInto}
 * after annotations.
 */
final class ComponentDeclarations {
    /** {@code <security-role-ref>} maps role names for isUserInRole; with no login every answer is false anyway. */
    private static final Set<String> SERVLET_IGNORED = Set.of("description", "display-name", "icon",
            "security-role-ref");
    /** Logged under WebXml, the name operators know for descriptor messages. */
    private static final Logger log = LoggerFactory.getLogger(WebXml.class);

    private final DescriptorElements elements;
    /** Servlet 2.2 did not require the leading "/" of a path pattern. */
    private final boolean servlet22;
    final List<ServletDecl> servlets = new ArrayList<>();
    final Map<String, List<String>> servletMappings = new LinkedHashMap<>();
    final List<FilterDecl> filters = new ArrayList<>();
    final List<FilterMapping> filterMappings = new ArrayList<>();
    final List<String> listeners = new ArrayList<>();

    ComponentDeclarations(DescriptorElements elements, boolean servlet22) {
        this.elements = elements;
        this.servlet22 = servlet22;
    }

    /** Reads {@code element} if it is one of the component elements; false if it is not. */
    boolean read(Element element) throws DeploymentException {
        switch (element.getLocalName()) {
            case "servlet" -> readServlet(element);
            case "servlet-mapping" -> servletMappings
                    .computeIfAbsent(elements.required(element, "servlet-name"), k -> new ArrayList<>())
                    .addAll(urlPatterns(element));
            case "filter" -> filters.add(new FilterDecl(elements.required(element, "filter-name"),
                    elements.required(element, "filter-class"), elements.initParams(element),
                    bool(element, "async-supported")));
            case "filter-mapping" -> readFilterMapping(element);
            case "listener" -> listeners.add(elements.required(element, "listener-class"));
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code <url-pattern>}s of a mapping. Servlet 2.2 did not require the leading "/" of a path pattern
     * ("catalog/*"); later versions do (§12.2), so only a 2.2 descriptor gets one added, as Tomcat does.
     */
    private List<String> urlPatterns(Element mapping) {
        List<String> patterns = texts(mapping, "url-pattern");
        if (!servlet22) {
            return patterns;
        }
        List<String> adjusted = new ArrayList<>(patterns.size());
        for (String pattern : patterns) {
            if (!pattern.isEmpty() && !pattern.startsWith("/") && !pattern.startsWith("*.")) {
                log.info("{}: url-pattern '{}' of a Servlet 2.2 descriptor is read as '/{}'", elements.source(),
                        pattern, pattern);
                pattern = "/" + pattern;
            }
            adjusted.add(pattern);
        }
        return adjusted;
    }

    private void readServlet(Element servlet) throws DeploymentException {
        String name = elements.required(servlet, "servlet-name");
        String className = null;
        Map<String, String> initParams = elements.initParams(servlet);
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
                        throw elements.unsupported("<" + child.getLocalName() + "> in servlet " + name);
                    }
                }
            }
        }
        if (className == null || className.isEmpty()) {
            throw elements.failure("servlet " + name + " has no <servlet-class>");
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
            throw elements.failure("servlet " + servlet + " has a bad <load-on-startup>: " + value);
        }
    }

    private MultipartConfigElement multipartConfig(Element element) throws DeploymentException {
        String location = text(element, "location");
        return new MultipartConfigElement(location == null ? "" : location,
                elements.number(element, "max-file-size", -1L), elements.number(element, "max-request-size", -1L),
                (int) elements.number(element, "file-size-threshold", 0L));
    }

    private void readFilterMapping(Element mapping) throws DeploymentException {
        EnumSet<DispatcherType> dispatchers = EnumSet.noneOf(DispatcherType.class);
        for (String dispatcher : texts(mapping, "dispatcher")) {
            try {
                dispatchers.add(DispatcherType.valueOf(dispatcher.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw elements.failure("unknown <dispatcher> " + dispatcher);
            }
        }
        if (dispatchers.isEmpty()) {
            dispatchers.add(DispatcherType.REQUEST);
        }
        filterMappings.add(new FilterMapping(elements.required(mapping, "filter-name"), urlPatterns(mapping),
                texts(mapping, "servlet-name"), dispatchers));
    }

    /** The servlets, filters and listeners, without their mappings, which wait for annotations. */
    void declareInto(WebAppSpec spec) {
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
    }

    /**
     * Servlet and filter mappings. A name mapped here has its annotation patterns replaced (§8.2.3); filters mapped
     * here come first in the chain, in mapping order (§6.2.4), annotated ones after.
     */
    void mapInto(WebAppSpec spec) throws DeploymentException {
        for (Map.Entry<String, List<String>> mapping : servletMappings.entrySet()) {
            WebAppSpec.ServletSpec servlet = spec.servlets().stream()
                    .filter(s -> s.name().equals(mapping.getKey())).findFirst()
                    .orElseThrow(() -> elements.failure("<servlet-mapping> names servlet " + mapping.getKey()
                            + ", which is not declared"));
            servlet.mappings().clear();
            servlet.mapping(mapping.getValue().toArray(String[]::new));
        }
        Map<String, WebAppSpec.FilterSpec> remapped = new LinkedHashMap<>();
        for (FilterMapping mapping : filterMappings) {
            WebAppSpec.FilterSpec filter = spec.filters().stream()
                    .filter(f -> f.name().equals(mapping.filterName())).findFirst()
                    .orElseThrow(() -> elements.failure("<filter-mapping> names filter " + mapping.filterName()
                            + ", which is not declared"));
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
}
