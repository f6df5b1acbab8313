package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.tests.RawHttp;
import dev.portico.tests.proxy.Nginx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real portico.jar serving the Spring sample at /spring and the Tyrus chat at /ws, behind a real nginx running
 * the documented sample configuration: Spring builds its 201 Location from the request (
 * {@code ServletUriComponentsBuilder.fromCurrentRequestUri()}) as https with nginx's host and port, the access log
 * names the client rather than nginx, and a WebSocket passes through over wss.
 */
class NginxSamplesTest {
    private static final String CLIENT_ADDRESS = "127.0.0.5";
    private static PorticoCli portico;
    private static Nginx nginx;

    @BeforeAll
    static void start() throws Exception {
        portico = PorticoCli.start("--access-log", "-",
                "/spring=" + PorticoCli.sample("spring-app") + ":org.springframework.web.servlet.DispatcherServlet",
                "--init", "contextClass=org.springframework.web.context.support.AnnotationConfigWebApplicationContext",
                "--init", "contextConfigLocation=example.spring.WebConfig",
                "/ws=" + PorticoCli.sample("ws-chat"));
        nginx = Nginx.start(portico.port());
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (portico != null) {
            portico.close();
        }
    }

    @Test
    void springBuildsHttpsLocationsWithTheExternalHostAndPort() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(nginx.origin() + "/spring/items"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"kettle\",\"price\":30}")).build();
        HttpResponse<String> created = nginx.httpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), () -> created.body() + "\n" + nginx.errorLog());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        assertTrue(id.find(), created.body());
        assertEquals(nginx.origin() + "/spring/items/" + id.group(1),
                created.headers().firstValue("Location").orElse(null));
    }

    @Test
    void theAccessLogNamesTheClientNotNginx() throws Exception {
        RawHttp.Response r = nginx.get(CLIENT_ADDRESS, "/spring/items?from=access-log-test");
        assertEquals(200, r.status, r::toString);
        String line = portico.awaitOutputLine(l -> l.contains("/spring/items?from=access-log-test"));
        assertTrue(line.startsWith(CLIENT_ADDRESS + " - - ["), line);
    }

    @Test
    void aWebSocketPassesThroughOverWss() throws Exception {
        WsChatSampleTest.Received received = new WsChatSampleTest.Received();
        URI uri = URI.create("wss://localhost:" + nginx.httpsPort + "/ws/chat");
        WebSocket ws = nginx.httpClient().newWebSocketBuilder().buildAsync(uri, received).get(20, TimeUnit.SECONDS);
        ws.sendText("through nginx", true).get(20, TimeUnit.SECONDS);
        assertEquals("through nginx", received.messages.poll(20, TimeUnit.SECONDS));
        ws.sendText("/bye", true).get(20, TimeUnit.SECONDS);
        assertEquals("1000 bye", received.closed.get(20, TimeUnit.SECONDS));
    }
}
