package example.spring;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.springframework.web.WebApplicationInitializer;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * For discovery (the jar served with no class name): Spring's own ServletContainerInitializer, listed in the jar's
 * {@code META-INF/services}, asks the container for every {@link WebApplicationInitializer} ({@code @HandlesTypes})
 * and runs this one, which registers the DispatcherServlet in code.
 */
public class AppInitializer implements WebApplicationInitializer {
    @Override
    public void onStartup(ServletContext servletContext) {
        AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
        context.register(WebConfig.class);
        ServletRegistration.Dynamic dispatcher = servletContext.addServlet("dispatcher", new DispatcherServlet(context));
        dispatcher.setLoadOnStartup(1);
        // A registration in code is synchronous unless it says otherwise (Servlet 6.1 §4.4.3.2), as Spring's own
        // AbstractDispatcherServletInitializer does: DeferredResult needs it.
        dispatcher.setAsyncSupported(true);
        dispatcher.addMapping("/");
    }
}
