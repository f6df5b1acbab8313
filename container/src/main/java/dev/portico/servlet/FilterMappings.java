package dev.portico.servlet;

import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The filter mappings of a context in chain order, and the chain for a request (Servlet 6.1 §6.2.4): first the
 * filters whose URL pattern matches, in mapping order, then those mapped to the servlet by name, each filter once.
 */
final class FilterMappings {
    static final FilterHolder[] NONE = new FilterHolder[0];

    /** One mapping: URL patterns or servlet names ("*" = all), for a set of dispatcher types. */
    record Entry(FilterHolder filter, List<UrlPattern> patterns, List<String> servletNames,
                 EnumSet<DispatcherType> types) {
        boolean matchesName(String servletName) {
            for (String n : servletNames) {
                if (n.equals("*") || n.equals(servletName)) {
                    return true;
                }
            }
            return false;
        }

        boolean matchesPath(String path) {
            for (UrlPattern p : patterns) {
                if (p.matches(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    /** Mappings added with isMatchAfter=false go before every mapping declared so far in the descriptor. */
    private int firstAfter;

    void add(Entry entry, boolean isMatchAfter) {
        if (isMatchAfter) {
            entries.add(entry);
        } else {
            entries.add(firstAfter++, entry);
        }
    }

    /** Descriptor mappings keep declaration order and count as "after" any programmatic match-before ones. */
    void addDeclared(Entry entry) {
        entries.add(entry);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    FilterHolder[] chain(DispatcherType type, String path, String servletName) {
        if (entries.isEmpty()) {
            return NONE;
        }
        List<FilterHolder> chain = null;
        for (int pass = 0; pass < 2; pass++) {
            for (Entry e : entries) {
                if (!e.types.contains(type)) {
                    continue;
                }
                boolean match = pass == 0
                        ? e.patterns != null && path != null && e.matchesPath(path)
                        : e.servletNames != null && e.matchesName(servletName);
                if (match) {
                    if (chain == null) {
                        chain = new ArrayList<>(4);
                    }
                    if (!chain.contains(e.filter)) {
                        chain.add(e.filter);
                    }
                }
            }
        }
        return chain == null ? NONE : chain.toArray(NONE);
    }
}
