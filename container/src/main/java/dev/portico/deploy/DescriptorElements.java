package dev.portico.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Values read out of a descriptor's elements. Elements are matched by local name, so any schema version's
 * namespace (or none) works; a missing or malformed value fails with a message naming the descriptor.
 */
final class DescriptorElements {
    private final String source;

    /** @param source names the descriptor in messages, e.g. "shop.war!/WEB-INF/web.xml" */
    DescriptorElements(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    /** The child elements of {@code parent} in document order; none for a null parent (an element left out). */
    static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        if (parent != null) {
            for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element) {
                    elements.add(element);
                }
            }
        }
        return elements;
    }

    /** The first child named {@code name}, or null. */
    static Element child(Element parent, String name) {
        for (Element child : children(parent)) {
            if (child.getLocalName().equals(name)) {
                return child;
            }
        }
        return null;
    }

    static String text(Element element) {
        return element.getTextContent().trim();
    }

    /** The text of the first child named {@code name}, or null. */
    static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : text(child);
    }

    static List<String> texts(Element parent, String name) {
        List<String> values = new ArrayList<>();
        for (Element child : children(parent)) {
            if (child.getLocalName().equals(name)) {
                values.add(text(child));
            }
        }
        return values;
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static boolean bool(Element parent, String name) {
        return "true".equalsIgnoreCase(text(parent, name));
    }

    String required(Element parent, String name) throws DeploymentException {
        String value = text(parent, name);
        if (value == null || value.isEmpty()) {
            throw new DeploymentException(source + ": <" + parent.getLocalName() + "> without <" + name + ">");
        }
        return value;
    }

    long number(Element parent, String name, long absent) throws DeploymentException {
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

    Map<String, String> initParams(Element parent) throws DeploymentException {
        Map<String, String> params = new LinkedHashMap<>();
        for (Element child : children(parent)) {
            if (child.getLocalName().equals("init-param")) {
                // A name given twice keeps its first value, as the TCK's pluggability apps expect.
                params.putIfAbsent(required(child, "param-name"), orEmpty(text(child, "param-value")));
            }
        }
        return params;
    }

    DeploymentException failure(String what) {
        return new DeploymentException(source + ": " + what);
    }

    DeploymentException unsupported(String what) {
        return failure(what + " is not supported by Portico");
    }
}
