package dev.portico.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.w3c.dom.Element;

/**
 * The order of an app's web fragments (Servlet 6.1 §8.2.2), which is the order of their filters, listeners and
 * servlets after the web.xml's own. An {@code <absolute-ordering>} in web.xml wins and may leave fragments out; else
 * each fragment's relative {@code <ordering>} is honoured, the jars' name order deciding what it leaves open.
 */
final class Ordering {
    /** {@code <absolute-ordering>}: fragment names in order, null standing for {@code <others/>}. */
    record Absolute(List<String> entries) {
    }

    private Ordering() {
    }

    /** The web.xml's absolute ordering, or null when it has none (or there is no web.xml). */
    static Absolute absolute(Element webXmlRoot, String source) throws DeploymentException {
        List<Element> found = DescriptorElements.children(webXmlRoot).stream()
                .filter(e -> e.getLocalName().equals("absolute-ordering")).toList();
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            throw new DeploymentException(source + ": more than one <absolute-ordering>");
        }
        List<String> entries = new ArrayList<>();
        boolean others = false;
        for (Element child : DescriptorElements.children(found.get(0))) {
            if (child.getLocalName().equals("name")) {
                String name = child.getTextContent().trim();
                if (!entries.contains(name)) {
                    entries.add(name);
                }
            } else if (child.getLocalName().equals("others") && !others) {
                others = true;
                entries.add(null);
            }
        }
        return new Absolute(entries);
    }

    /**
     * The fragments in the order their declarations and annotations are to be processed; with an absolute
     * ordering, only those it names or lets in through {@code <others/>} (§8.2.2 1.d: the rest are excluded).
     */
    static List<WebFragment> order(Absolute absolute, List<WebFragment> fragments, String app)
            throws DeploymentException {
        Map<String, WebFragment> byName = new HashMap<>();
        for (WebFragment fragment : fragments) {
            if (fragment.name != null) {
                WebFragment other = byName.putIfAbsent(fragment.name, fragment);
                if (other != null) {
                    throw new DeploymentException(app + ": two web fragments are named " + fragment.name + ": "
                            + other.jar.getFileName() + " and " + fragment.jar.getFileName());
                }
            }
        }
        return absolute != null ? absoluteOrder(absolute, fragments, byName) : relativeOrder(fragments, app);
    }

    private static List<WebFragment> absoluteOrder(Absolute absolute, List<WebFragment> fragments,
                                                   Map<String, WebFragment> byName) {
        // A name with no fragment behind it is skipped (§8.2.2 1.c does not make it an error).
        Set<String> named = absolute.entries().stream().filter(n -> n != null && byName.containsKey(n))
                .collect(Collectors.toSet());
        List<WebFragment> ordered = new ArrayList<>();
        for (String entry : absolute.entries()) {
            if (entry == null) {
                fragments.stream().filter(f -> f.name == null || !named.contains(f.name)).forEach(ordered::add);
            } else if (byName.containsKey(entry)) {
                ordered.add(byName.get(entry));
            }
        }
        return ordered;
    }

    /**
     * §8.2.2 2: a stable topological sort. "Others" in a fragment's {@code <before>} or {@code <after>} means every
     * fragment it does not name, except those that say the same of themselves: several fragments "before others"
     * all come first, ordered among themselves by their names and then by jar order (the spec's examples).
     */
    private static List<WebFragment> relativeOrder(List<WebFragment> fragments, String app)
            throws DeploymentException {
        int n = fragments.size();
        List<Set<Integer>> predecessors = new ArrayList<>();
        for (int y = 0; y < n; y++) {
            Set<Integer> before = new LinkedHashSet<>();
            for (int x = 0; x < n; x++) {
                if (x != y && precedes(fragments.get(x), fragments.get(y))) {
                    before.add(x);
                }
            }
            predecessors.add(before);
        }
        List<WebFragment> ordered = new ArrayList<>();
        Set<Integer> placed = new LinkedHashSet<>();
        while (placed.size() < n) {
            int next = -1;
            for (int y = 0; y < n && next < 0; y++) {
                if (!placed.contains(y) && placed.containsAll(predecessors.get(y))) {
                    next = y;
                }
            }
            if (next < 0) {
                String cycle = IntStream.range(0, n).filter(i -> !placed.contains(i))
                        .mapToObj(i -> fragments.get(i).describe()).collect(Collectors.joining(", "));
                throw new DeploymentException(app + ": the <ordering> of web fragments is circular among "
                        + cycle);
            }
            placed.add(next);
            ordered.add(fragments.get(next));
        }
        return ordered;
    }

    /** Whether x must come before y. */
    private static boolean precedes(WebFragment x, WebFragment y) {
        WebFragment.Relative xo = x.ordering;
        WebFragment.Relative yo = y.ordering;
        if ((y.name != null && xo.before().contains(y.name)) || (x.name != null && yo.after().contains(x.name))) {
            return true;
        }
        boolean xNamesY = y.name != null && xo.names(y.name);
        boolean yNamesX = x.name != null && yo.names(x.name);
        return (xo.beforeOthers() && !xNamesY && !yo.beforeOthers())
                || (yo.afterOthers() && !yNamesX && !xo.afterOthers());
    }
}
