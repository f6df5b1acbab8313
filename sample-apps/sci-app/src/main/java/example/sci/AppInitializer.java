package example.sci;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Builds the whole app in code, the way frameworks do it: no web.xml, no annotations. The container finds this
 * class through {@code META-INF/services/jakarta.servlet.ServletContainerInitializer} (or is told its name) and
 * calls {@link #onStartup} before the app takes requests.
 */
public class AppInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addListener(LifecycleListener.class);

        ServletRegistration.Dynamic greeting = context.addServlet("greeting", GreetingServlet.class);
        greeting.setInitParameter("greeting", "Hello");
        greeting.addMapping("/hello", "/hello/*");

        ServletRegistration.Dynamic info = context.addServlet("info", new InfoServlet());
        info.addMapping("/", "/info");
        info.setLoadOnStartup(1);

        FilterRegistration.Dynamic header = context.addFilter("registered-by", RegisteredByFilter.class);
        header.setInitParameter("value", AppInitializer.class.getName());
        header.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");

        context.log("sci-app: registered servlets " + context.getServletRegistrations().keySet()
                + " and filters " + context.getFilterRegistrations().keySet());
    }
}
