package example.jersey;

import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The JAX-RS application, named to Jersey's servlet with the init parameter
 * {@code jakarta.ws.rs.Application=example.jersey.App}. Classes are registered by name rather than found by package
 * scanning: explicit, and nothing depends on how the container lays out the jar.
 */
public class App extends ResourceConfig {
    public App() {
        // WADL descriptions need a JAXB implementation, which this app does not carry.
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        register(JacksonFeature.class);
        register(HelloResource.class);
        register(ItemsResource.class);
        register(ProblemMapper.class);
    }
}
