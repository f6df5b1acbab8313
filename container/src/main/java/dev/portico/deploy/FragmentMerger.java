package dev.portico.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Merges web fragments, in their order, into the app's web.xml (Servlet 6.1 §8.2.3). The web.xml wins wherever it
 * speaks; where it is silent, fragments that give the same named thing different values are a deployment error,
 * since no order between them may decide it; lists (listeners, mappings, welcome files) add up. A servlet or filter
 * mapped in web.xml keeps only the web.xml's mappings.
 */
final class FragmentMerger {
    private final WebXml main;
    /** What the web.xml itself set, frozen before any fragment is merged. */
    private final Set<String> mainKeys = new HashSet<>();
    private final Set<String> mainMappedServlets;
    private final Set<String> mainMappedFilters = new HashSet<>();
    /** For each key set by a fragment: which fragment set it to what, to name both sides of a conflict. */
    private final Map<String, Claim> claims = new HashMap<>();

    private record Claim(WebFragment fragment, String value) {
    }

    private final String app;

    private FragmentMerger(WebXml main, String app) {
        this.main = main;
        this.app = app;
        main.contextParams().keySet().forEach(k -> mainKeys.add("context-param " + k));
        for (WebXml.ServletDecl servlet : main.servlets()) {
            mainKeys.add("servlet " + servlet.name());
            servlet.initParams().keySet().forEach(p -> mainKeys.add(servletParam(servlet.name(), p)));
        }
        for (WebXml.FilterDecl filter : main.filters()) {
            mainKeys.add("filter " + filter.name());
            filter.initParams().keySet().forEach(p -> mainKeys.add(filterParam(filter.name(), p)));
        }
        main.errorPagesByStatus().keySet().forEach(k -> mainKeys.add("error-page " + k));
        main.errorPagesByException().keySet().forEach(k -> mainKeys.add("error-page " + k));
        main.mimeMappings().keySet().forEach(k -> mainKeys.add("mime-mapping " + k));
        main.localeEncodings().keySet().forEach(k -> mainKeys.add("locale-encoding-mapping " + k));
        main.singleValues().keySet().forEach(mainKeys::add);
        mainMappedServlets = new HashSet<>(main.servletMappings().keySet());
        main.filterMappings().forEach(m -> mainMappedFilters.add(m.filterName()));
    }

    /** Merges the fragments into {@code main}, which is changed in place. */
    static void merge(WebXml main, List<WebFragment> fragments, String app) throws DeploymentException {
        FragmentMerger merger = new FragmentMerger(main, app);
        for (WebFragment fragment : fragments) {
            if (fragment.descriptor != null) {
                merger.add(fragment);
            }
        }
    }

    private void add(WebFragment fragment) throws DeploymentException {
        WebXml from = fragment.descriptor;
        for (Map.Entry<String, String> param : from.contextParams().entrySet()) {
            if (claim("context-param " + param.getKey(), param.getValue(), fragment)) {
                main.contextParams().put(param.getKey(), param.getValue());
            }
        }
        for (WebXml.ServletDecl servlet : from.servlets()) {
            addServlet(servlet, fragment);
        }
        for (WebXml.FilterDecl filter : from.filters()) {
            addFilter(filter, fragment);
        }
        for (String listener : from.listeners()) {
            if (!main.listeners().contains(listener)) {
                main.listeners().add(listener);
            }
        }
        from.servletMappings().forEach((servlet, patterns) -> {
            if (!mainMappedServlets.contains(servlet)) {
                main.servletMappings().computeIfAbsent(servlet, k -> new ArrayList<>()).addAll(patterns);
            }
        });
        for (WebXml.FilterMapping mapping : from.filterMappings()) {
            if (!mainMappedFilters.contains(mapping.filterName())) {
                main.filterMappings().add(mapping);
            }
        }
        for (Map.Entry<Integer, String> page : from.errorPagesByStatus().entrySet()) {
            if (claim("error-page " + page.getKey(), page.getValue(), fragment)) {
                main.errorPagesByStatus().put(page.getKey(), page.getValue());
            }
        }
        for (Map.Entry<String, String> page : from.errorPagesByException().entrySet()) {
            if (claim("error-page " + page.getKey(), page.getValue(), fragment)) {
                main.errorPagesByException().put(page.getKey(), page.getValue());
            }
        }
        for (Map.Entry<String, String> mime : from.mimeMappings().entrySet()) {
            if (claim("mime-mapping " + mime.getKey(), mime.getValue(), fragment)) {
                main.mimeMappings().put(mime.getKey(), mime.getValue());
            }
        }
        for (Map.Entry<String, String> mapping : from.localeEncodings().entrySet()) {
            if (claim("locale-encoding-mapping " + mapping.getKey(), mapping.getValue(), fragment)) {
                main.localeEncodings().put(mapping.getKey(), mapping.getValue());
            }
        }
        for (Map.Entry<String, String> value : from.singleValues().entrySet()) {
            if (claim(value.getKey(), value.getValue(), fragment)) {
                main.singleValue(value.getKey(), value.getValue());
            }
        }
        for (String welcome : from.welcomeFiles()) {
            if (!main.welcomeFiles().contains(welcome)) {
                main.welcomeFiles().add(welcome);
            }
        }
    }

    private void addServlet(WebXml.ServletDecl servlet, WebFragment fragment) throws DeploymentException {
        String name = servlet.name();
        claim("servlet " + name, servlet.className(), fragment);
        int index = indexOf(main.servlets().stream().map(WebXml.ServletDecl::name).toList(), name);
        if (index < 0) {
            index = main.servlets().size();
            main.servlets().add(new WebXml.ServletDecl(name, servlet.className(), new LinkedHashMap<>(),
                    servlet.loadOnStartup(), servlet.asyncSupported(), servlet.multipartConfig()));
        }
        WebXml.ServletDecl merged = main.servlets().get(index);
        for (Map.Entry<String, String> param : servlet.initParams().entrySet()) {
            if (claim(servletParam(name, param.getKey()), param.getValue(), fragment)) {
                merged.initParams().put(param.getKey(), param.getValue());
            }
        }
        if (!mainKeys.contains("servlet " + name)) {
            // Declared only by fragments: what the first left unset, a later one may set.
            main.servlets().set(index, new WebXml.ServletDecl(name, merged.className(), merged.initParams(),
                    merged.loadOnStartup() != null ? merged.loadOnStartup() : servlet.loadOnStartup(),
                    merged.asyncSupported() || servlet.asyncSupported(),
                    merged.multipartConfig() != null ? merged.multipartConfig() : servlet.multipartConfig()));
        }
    }

    private void addFilter(WebXml.FilterDecl filter, WebFragment fragment) throws DeploymentException {
        String name = filter.name();
        int index = indexOf(main.filters().stream().map(WebXml.FilterDecl::name).toList(), name);
        claim("filter " + name, filter.className(), fragment);
        if (index < 0) {
            index = main.filters().size();
            main.filters().add(new WebXml.FilterDecl(name, filter.className(), new LinkedHashMap<>(),
                    filter.asyncSupported()));
        }
        WebXml.FilterDecl merged = main.filters().get(index);
        for (Map.Entry<String, String> param : filter.initParams().entrySet()) {
            if (claim(filterParam(name, param.getKey()), param.getValue(), fragment)) {
                merged.initParams().put(param.getKey(), param.getValue());
            }
        }
    }

    /**
     * Whether the fragment's value for {@code key} is to be taken: not if the web.xml set it (it wins), not if an
     * earlier fragment gave the same value; an earlier fragment's different value is the §8.2.3 conflict.
     */
    private boolean claim(String key, String value, WebFragment fragment) throws DeploymentException {
        if (mainKeys.contains(key)) {
            return false;
        }
        Claim earlier = claims.putIfAbsent(key, new Claim(fragment, value));
        if (earlier == null) {
            return true;
        }
        if (!Objects.equals(earlier.value(), value)) {
            throw new DeploymentException(app + ": web fragments " + earlier.fragment().describe() + " and "
                    + fragment.describe() + " conflict on " + key + " (" + earlier.value() + " vs " + value
                    + "); set it in WEB-INF/web.xml to decide");
        }
        return false;
    }

    private static String servletParam(String servlet, String param) {
        return "init-param " + param + " of servlet " + servlet;
    }

    private static String filterParam(String filter, String param) {
        return "init-param " + param + " of filter " + filter;
    }

    private static int indexOf(List<String> names, String name) {
        return names.indexOf(name);
    }
}
