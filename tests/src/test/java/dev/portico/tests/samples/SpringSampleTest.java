package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * sample-apps/spring-app: Spring MVC (no Boot), served by naming the DispatcherServlet with its context class and
 * configuration as init parameters.
 */
class SpringSampleTest extends RestAppChecks {
    @Override
    PorticoCli start() throws Exception {
        return PorticoCli.start(
                PorticoCli.sample("spring-app") + ":org.springframework.web.servlet.DispatcherServlet",
                "--init", "contextClass=org.springframework.web.context.support.AnnotationConfigWebApplicationContext",
                "--init", "contextConfigLocation=example.spring.WebConfig");
    }

    @Override
    int redirectStatus() {
        return 302;
    }

    /**
     * With no class named, Spring's own ServletContainerInitializer is found in the jar's META-INF/services and
     * handed the app's WebApplicationInitializer ({@code @HandlesTypes}), which registers the DispatcherServlet.
     */
    @Test
    void discoveryRunsSpringsInitializer() throws Exception {
        portico.close();
        portico = PorticoCli.start(PorticoCli.sample("spring-app"));
        assertEquals("Hi, Ann!", http.get(portico.uri("/hello/Ann?greeting=Hi")).body());
        assertEquals("{\"id\":1,\"name\":\"teapot\",\"price\":18.5}", http.get(portico.uri("/items/1")).body());
    }
}
