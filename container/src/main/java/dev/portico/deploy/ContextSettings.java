package dev.portico.deploy;

import static dev.portico.deploy.DescriptorElements.children;
import static dev.portico.deploy.DescriptorElements.orEmpty;
import static dev.portico.deploy.DescriptorElements.text;
import static dev.portico.deploy.DescriptorElements.texts;

import dev.portico.servlet.WebAppSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * What a descriptor says about the app as a whole (Servlet 6.1 §14.4): its name and context parameters, error
 * pages, welcome files, MIME and locale-encoding mappings, session timeout, character encodings and default
 * context path.
 */
final class ContextSettings {
    private final DescriptorElements elements;
    private String displayName;
    final Map<String, String> contextParams = new LinkedHashMap<>();
    final Map<Integer, String> errorPagesByStatus = new LinkedHashMap<>();
    final Map<String, String> errorPagesByException = new LinkedHashMap<>();
    private String defaultErrorPage;
    final List<String> welcomeFiles = new ArrayList<>();
    final Map<String, String> mimeMappings = new LinkedHashMap<>();
    private Integer sessionTimeout;
    private String requestEncoding;
    private String responseEncoding;
    final Map<String, String> localeEncodings = new LinkedHashMap<>();
    private String defaultContextPath;

    ContextSettings(DescriptorElements elements) {
        this.elements = elements;
    }

    /** Reads {@code element} if it is one of the context-level elements; false if it is not. */
    boolean read(Element element) throws DeploymentException {
        switch (element.getLocalName()) {
            case "display-name" -> displayName = text(element);
            case "context-param" -> contextParams.put(elements.required(element, "param-name"),
                    orEmpty(text(element, "param-value")));
            case "error-page" -> readErrorPage(element);
            case "welcome-file-list" -> welcomeFiles.addAll(texts(element, "welcome-file"));
            case "mime-mapping" -> mimeMappings.put(elements.required(element, "extension"),
                    elements.required(element, "mime-type"));
            case "session-config" -> readSessionConfig(element);
            case "request-character-encoding" -> requestEncoding = text(element);
            case "response-character-encoding" -> responseEncoding = text(element);
            case "locale-encoding-mapping-list" -> readLocaleEncodings(element);
            case "default-context-path" -> defaultContextPath = defaultContextPath(element);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** §10.13: "" or "/" for the root, else "/name" with no trailing slash. */
    private String defaultContextPath(Element element) throws DeploymentException {
        String path = text(element);
        if (path.isEmpty() || path.equals("/")) {
            return "";
        }
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw elements.failure("bad <default-context-path> " + path + " (expected \"\" or /name)");
        }
        return path;
    }

    private void readLocaleEncodings(Element list) throws DeploymentException {
        for (Element mapping : children(list)) {
            if (mapping.getLocalName().equals("locale-encoding-mapping")) {
                localeEncodings.put(elements.required(mapping, "locale"), elements.required(mapping, "encoding"));
            }
        }
    }

    private void readErrorPage(Element page) throws DeploymentException {
        String location = elements.required(page, "location");
        String code = text(page, "error-code");
        String exception = text(page, "exception-type");
        if (code != null) {
            try {
                errorPagesByStatus.put(Integer.valueOf(code), location);
            } catch (NumberFormatException e) {
                throw elements.failure("bad <error-code> " + code);
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
                    throw elements.failure("bad <session-timeout> " + text(child));
                }
            } else {
                throw elements.unsupported("<" + child.getLocalName() + "> in <session-config>");
            }
        }
    }

    void declareInto(WebAppSpec spec) {
        if (displayName != null) {
            spec.displayName(displayName);
        }
        contextParams.forEach(spec::contextParam);
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
}
