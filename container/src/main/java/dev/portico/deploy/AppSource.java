package dev.portico.deploy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app as the operator named it: {@code [/context=]LOCATION[:CLASS]} plus the per-app options.
 *
 * @param contextPath   "" for the root context, else "/name"; null when the operator named none: the app's
 *                      {@code <default-context-path>} if it has one, else the root
 * @param location      a jar, a directory of classes (or an unpacked war), or a .war
 * @param className     a Servlet, ServletContainerInitializer or ServletContextListener; null to discover
 * @param libraries     extra jars, or directories of jars, on the app's class path after its own
 * @param initParams    init parameters of the servlet named by {@code className}
 * @param contextParams context parameters, overriding web.xml's
 * @param asyncSupported whether the servlet named by {@code className} is async-capable (its own
 *                      {@code @WebServlet} decides if it has one); true unless the operator said {@code --no-async}
 */
public record AppSource(String contextPath, Path location, String className, List<Path> libraries,
                        Map<String, String> initParams, Map<String, String> contextParams, boolean asyncSupported) {
    public AppSource(String contextPath, Path location, String className, List<Path> libraries,
                     Map<String, String> initParams, Map<String, String> contextParams) {
        this(contextPath, location, className, libraries, initParams, contextParams, true);
    }

    public AppSource {
        libraries = List.copyOf(libraries);
        initParams = Collections.unmodifiableMap(new LinkedHashMap<>(initParams));
        contextParams = Collections.unmodifiableMap(new LinkedHashMap<>(contextParams));
    }

    public static AppSource of(String contextPath, Path location, String className) {
        return new AppSource(contextPath, location, className, List.of(), Map.of(), Map.of());
    }

    /** How the operator would recognise it: "hello.jar:example.hello.HelloServlet". */
    public String label() {
        String file = location.getFileName() == null ? location.toString() : location.getFileName().toString();
        return className == null ? file : file + ":" + className;
    }
}
