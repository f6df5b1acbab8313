package dev.portico.deploy;

import static dev.portico.deploy.DescriptorElements.child;
import static dev.portico.deploy.DescriptorElements.children;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.w3c.dom.Element;

/**
 * One library jar of an app seen as a web fragment (Servlet 6.1 §8.2.1): its {@code META-INF/web-fragment.xml} if
 * it has one — a name, a relative {@code <ordering>}, declarations to merge — and whether its annotations are to be
 * scanned. A jar without the file is a fragment too, unnamed, with no ordering and no declarations.
 */
final class WebFragment {
    static final String ROOT = "web-fragment";
    static final String ENTRY = "META-INF/web-fragment.xml";
    /** Elements of a web-fragment.xml that are about the fragment itself, not declarations for the app. */
    static final Set<String> OWN_ELEMENTS = Set.of("name", "ordering");

    final Path jar;
    /** Where it is, for messages: "shop.war!/WEB-INF/lib/a.jar". */
    final String label;
    /** The {@code <name>}, or null. */
    final String name;
    /** The declarations, or null for a jar without a web-fragment.xml. */
    final WebXml descriptor;
    /** Its relative ordering (§8.2.2); {@link Relative#NONE} when it has none. */
    final Relative ordering;

    /** {@code <ordering>}: names to come before and after, and whether "others" are among them. */
    record Relative(List<String> before, boolean beforeOthers, List<String> after, boolean afterOthers) {
        static final Relative NONE = new Relative(List.of(), false, List.of(), false);

        boolean names(String fragment) {
            return before.contains(fragment) || after.contains(fragment);
        }
    }

    private WebFragment(Path jar, String label, String name, WebXml descriptor, Relative ordering) {
        this.jar = jar;
        this.label = label;
        this.name = name;
        this.descriptor = descriptor;
        this.ordering = ordering;
    }

    /** Its annotations count unless its own descriptor says {@code metadata-complete="true"} (§8.1). */
    boolean scansAnnotations() {
        return descriptor == null || !descriptor.metadataComplete();
    }

    /** "Fragment1 (a.jar)" or "a.jar", for messages. */
    String describe() {
        String file = jar.getFileName().toString();
        return name == null ? file : name + " (" + file + ")";
    }

    static WebFragment read(Path jar, String label) throws DeploymentException, IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(ENTRY);
            if (entry == null) {
                return new WebFragment(jar, label, null, null, Relative.NONE);
            }
            String source = label + "!/" + ENTRY;
            Element root;
            try (InputStream in = zip.getInputStream(entry)) {
                root = WebXml.root(in, source);
            }
            if (!ROOT.equals(root.getLocalName())) {
                throw new DeploymentException(source + ": the root element is <" + root.getLocalName()
                        + ">, not <" + ROOT + ">");
            }
            Element nameElement = child(root, "name");
            String name = nameElement == null || nameElement.getTextContent().isBlank()
                    ? null : nameElement.getTextContent().trim();
            Element ordering = child(root, "ordering");
            return new WebFragment(jar, label, name, WebXml.parse(root, source),
                    ordering == null ? Relative.NONE : relative(ordering));
        }
    }

    private static Relative relative(Element ordering) {
        Element before = child(ordering, "before");
        Element after = child(ordering, "after");
        return new Relative(names(before), child(before, "others") != null,
                names(after), child(after, "others") != null);
    }

    /** The {@code <name>}s inside an {@code <ordering>}'s {@code <before>}, {@code <after>} or an absolute ordering. */
    static List<String> names(Element parent) {
        List<String> names = new ArrayList<>();
        for (Element child : children(parent)) {
            if (child.getLocalName().equals("name")) {
                names.add(child.getTextContent().trim());
            }
        }
        return names;
    }
}
