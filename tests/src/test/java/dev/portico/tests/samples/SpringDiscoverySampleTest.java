package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sample-apps/spring-app served with no class name: Spring's own ServletContainerInitializer is found in the jar's
 * META-INF/services and handed the app's WebApplicationInitializer ({@code @HandlesTypes}), which registers the
 * DispatcherServlet in code.
 */
class SpringDiscoverySampleTest {
    private PorticoCli portico;

    @AfterEach
    void stop() {
        if (portico != null) {
            portico.close();
        }
    }

    @Test
    void discoveryRunsSpringsInitializerWithTheAppsWebApplicationInitializer() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("spring-app"));
        Http http = Http.client();
        assertEquals("Hi, Ann!", http.get(portico.uri("/hello/Ann?greeting=Hi")).body());
        assertEquals("{\"id\":1,\"name\":\"teapot\",\"price\":18.5}", http.get(portico.uri("/items/1")).body());
        assertEquals(404, http.get(portico.uri("/no/such/thing")).statusCode());
        assertEquals("Later, Ann!", http.get(portico.uri("/later/Ann")).body(), "the initializer asks for async");
    }
}
