package dev.portico.tests.samples;

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
}
