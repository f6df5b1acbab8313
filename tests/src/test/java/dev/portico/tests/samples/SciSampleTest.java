package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sample-apps/sci-app: a ServletContainerInitializer registers everything in code. Run both ways: named on the
 * command line ({@code sci-app.jar:example.sci.AppInitializer}) and found through META-INF/services.
 */
class SciSampleTest {
    private PorticoCli portico;
    private final Http http = Http.client();

    @AfterEach
    void stop() {
        if (portico != null) {
            portico.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"named", "discovered"})
    void theInitializerRegistersServletsFiltersAndListeners(String how) throws Exception {
        String jar = PorticoCli.sample("sci-app");
        portico = PorticoCli.start(how.equals("named") ? jar + ":example.sci.AppInitializer" : jar);

        HttpResponse<String> hello = http.get(portico.uri("/hello/Ann"));
        assertEquals(200, hello.statusCode());
        assertEquals("Hello, Ann!\n", hello.body());
        assertEquals("example.sci.AppInitializer", hello.headers().firstValue("X-Registered-By").orElseThrow());

        HttpResponse<String> info = http.get(portico.uri("/info"));
        assertEquals(200, info.statusCode());
        String body = info.body();
        assertTrue(body.contains("started-by: example.sci.LifecycleListener\n"), body);
        assertTrue(body.contains("servlet greeting example.sci.GreetingServlet [/hello, /hello/*]\n"), body);
        assertTrue(body.contains("servlet info example.sci.InfoServlet [/, /info]\n"), body);
        assertTrue(body.contains("filter registered-by example.sci.RegisteredByFilter [/*]\n"), body);

        assertEquals(200, http.get(portico.uri("/")).statusCode());
        HttpResponse<String> missing = http.get(portico.uri("/missing"));
        assertEquals(404, missing.statusCode());
        assertEquals("example.sci.AppInitializer", missing.headers().firstValue("X-Registered-By").orElseThrow());
        portico.awaitOutputLine(line -> line.contains("sci-app: context initialized"));
    }
}
