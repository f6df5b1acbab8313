package example.spring;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The Spring MVC configuration: annotated controllers found by scanning this package, JSON through Jackson (which
 * Spring picks up because it is on the class path). Named to the DispatcherServlet with the init parameters
 * {@code contextClass=...AnnotationConfigWebApplicationContext} and {@code contextConfigLocation=example.spring.WebConfig},
 * or registered by {@link AppInitializer} when the container discovers the app.
 */
@Configuration
@EnableWebMvc
@ComponentScan(basePackageClasses = WebConfig.class)
public class WebConfig {
}
