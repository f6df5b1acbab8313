package example.sci;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** Registered by the initializer too; proves listeners added in code are called at start and stop. */
public class LifecycleListener implements ServletContextListener {
    static final String STARTED_BY = "example.sci.startedBy";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().setAttribute(STARTED_BY, LifecycleListener.class.getName());
        event.getServletContext().log("sci-app: context initialized");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().log("sci-app: context destroyed");
    }
}
