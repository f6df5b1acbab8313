package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same small REST app written on two real frameworks (sample-apps/jersey-app, sample-apps/spring-app), run by
 * the real CLI. Each check is something a framework does through the Servlet API: path and query parameters, JSON
 * in and out, 404, exception mapping, redirects, an exception the framework lets through to the container.
 *
 * <p>A framework app takes seconds to start, so one instance serves all the checks of a class; each check reads
 * what it needs from the answers (ids, locations) and so does not depend on the others or their order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RestAppChecks {
    protected PorticoCli portico;
    protected final Http http = Http.client();

    /** Starts the app under test. */
    abstract PorticoCli start() throws Exception;

    /** 303 for JAX-RS {@code seeOther}, 302 for Spring's {@code redirect:}. */
    abstract int redirectStatus();

    @BeforeAll
    void startApp() throws Exception {
        portico = start();
    }

    @AfterAll
    void stop() {
        if (portico != null) {
            portico.close();
        }
    }

    @Test
    void pathAndQueryParameters() {
        HttpResponse<String> response = http.get(portico.uri("/hello/Ann?greeting=Hi"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertEquals("Hi, Ann!", response.body());
        assertEquals("Hello, Zoë Ann!", http.get(portico.uri("/hello/Zo%C3%AB%20Ann")).body());
    }

    @Test
    void getJson() {
        HttpResponse<String> response = http.get(portico.uri("/items/1"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("{\"id\":1,\"name\":\"teapot\",\"price\":18.5}", response.body());
    }

    @Test
    void postJsonCreates() {
        HttpResponse<String> created = http.post(portico.uri("/items"), "application/json",
                "{\"name\":\"kettle\",\"price\":30}");
        assertEquals(201, created.statusCode(), created.body());
        Matcher item = Pattern.compile("\\{\"id\":(\\d+),\"name\":\"kettle\",\"price\":30.0}").matcher(created.body());
        assertTrue(item.matches(), created.body());
        URI location = URI.create(created.headers().firstValue("Location").orElseThrow());
        assertEquals("/items/" + item.group(1), location.getPath());
        assertEquals(created.body(), http.get(portico.uri(location.getPath())).body());
        String list = http.get(portico.uri("/items")).body();
        assertTrue(list.startsWith("[{\"id\":1,\"name\":\"teapot\",\"price\":18.5},") && list.contains(created.body()),
                list);
    }

    @Test
    void anAbsentItemIsA404WithAJsonProblem() {
        HttpResponse<String> response = http.get(portico.uri("/items/999"));
        assertEquals(404, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("{\"status\":404,\"error\":\"no item 999\"}", response.body());
    }

    @Test
    void anInvalidItemIsMappedTo422() {
        HttpResponse<String> response = http.post(portico.uri("/items"), "application/json", "{\"name\":\" \"}");
        assertEquals(422, response.statusCode());
        assertEquals("{\"status\":422,\"error\":\"an item needs a name\"}", response.body());
    }

    @Test
    void malformedJsonIsA400() {
        assertEquals(400, http.post(portico.uri("/items"), "application/json", "{\"name\": ").statusCode());
    }

    @Test
    void anUnknownPathIsA404AndAWrongMethodA405() {
        assertEquals(404, http.get(portico.uri("/no/such/thing")).statusCode());
        assertEquals(405, http.send(Http.request(portico.uri("/items")).DELETE().build()).statusCode());
        assertEquals(415, http.post(portico.uri("/items"), "text/plain", "kettle").statusCode());
    }

    /**
     * Jersey's {@code @Suspended AsyncResponse} and Spring's {@code DeferredResult}, answered from another thread:
     * the framework servlet named on the command line is async-capable without any option.
     */
    @Test
    void anAsyncEndpointIsAnsweredFromAnotherThread() {
        HttpResponse<String> response = http.get(portico.uri("/later/Ann"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Later, Ann!", response.body());
    }

    @Test
    void redirect() {
        HttpResponse<String> response = http.get(portico.uri("/old-hello"));
        assertEquals(redirectStatus(), response.statusCode());
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertEquals("/hello/world", location.getPath());
        assertEquals("Hello, world!", http.get(portico.uri(location.getPath())).body());
    }

    @Test
    void anExceptionTheFrameworkLetsThroughIsA500AndTheAppGoesOn() {
        assertEquals(500, http.get(portico.uri("/boom")).statusCode());
        assertEquals(200, http.get(portico.uri("/items/1")).statusCode());
    }

    @Test
    void concurrentRequestsAreServed() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(http.raw().sendAsync(Http.request(portico.uri("/hello/n" + i)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertEquals("Hello, n" + i + "!", futures.get(i).get().body());
        }
        assertEquals(201, http.send(Http.request(portico.uri("/items")).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"cup\",\"price\":2.5}")).build()).statusCode());
    }
}
