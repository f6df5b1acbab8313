package dev.portico.tests.samples;

import static dev.portico.tests.samples.Http.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sample-apps/chat (async servlet, long polling), found by annotation discovery. */
class ChatSampleTest {
    private PorticoCli portico;
    private final Http http = Http.client();

    @AfterEach
    void stop() {
        if (portico != null) {
            portico.close();
        }
    }

    @Test
    void servesThePageThatEscapesWithTextContent() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("chat"));
        HttpResponse<String> page = http.get(portico.uri("/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("<ul id=\"messages\"></ul>"), page.body());
        assertTrue(page.body().contains("textContent = message.text"), page.body());
    }

    @Test
    void aPostedMessageIsReturnedToAPollAfterIt() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("chat"));
        HttpResponse<String> posted = http.postForm(portico.uri("/messages"), form("name", "Ann", "text", "hi <all>"));
        assertEquals(201, posted.statusCode());
        assertEquals("{\"id\":1}", posted.body());

        HttpResponse<String> polled = http.get(portico.uri("/messages?since=0"));
        assertEquals(200, polled.statusCode());
        assertEquals("application/json", polled.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(polled.body().matches(
                "\\{\"last\":1,\"messages\":\\[\\{\"id\":1,\"name\":\"Ann\",\"text\":\"hi \\\\u003call>\",\"time\":\\d+}]}"),
                polled.body());
    }

    @Test
    void everyParkedPollIsAnsweredByTheNextPost() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("chat"));
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            polls.add(http.raw().sendAsync(Http.request(portico.uri("/messages?since=0")).GET().build(),
                    BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        assertEquals(201, http.postForm(portico.uri("/messages"), form("name", "Bo", "text", "wake up")).statusCode());
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            HttpResponse<String> response = poll.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("{\"last\":1,\"messages\":[{\"id\":1,\"name\":\"Bo\",\"text\":\"wake up\""),
                    response.body());
        }
    }

    @Test
    void aPollWithNothingNewIsAnsweredEmptyAtItsTimeout() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("chat"), "--context-param", "chat.pollTimeoutMs=300");
        http.postForm(portico.uri("/messages"), form("name", "Ann", "text", "one"));
        HttpResponse<String> polled = http.get(portico.uri("/messages?since=1"));
        assertEquals(200, polled.statusCode());
        assertEquals("{\"last\":1,\"messages\":[]}", polled.body());
        // The server goes on: the next poll still sees new messages.
        http.postForm(portico.uri("/messages"), form("name", "Ann", "text", "two"));
        assertTrue(http.get(portico.uri("/messages?since=1")).body().contains("\"text\":\"two\""));
    }

    @Test
    void aSinceFromAnEarlierRunIsTakenAsUpToDate() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("chat"), "--context-param", "chat.pollTimeoutMs=300");
        assertEquals("{\"last\":0,\"messages\":[]}", http.get(portico.uri("/messages?since=99")).body());
    }

    @Test
    void badInputIsA400() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("chat"));
        assertEquals(400, http.postForm(portico.uri("/messages"), form("name", "Ann", "text", "  ")).statusCode());
        assertEquals(400, http.postForm(portico.uri("/messages"), form("text", "x".repeat(501))).statusCode());
        assertEquals(400, http.get(portico.uri("/messages?since=abc")).statusCode());
        assertEquals(400, http.get(portico.uri("/messages?since=-1")).statusCode());
        assertEquals(404, http.get(portico.uri("/nothing-here")).statusCode());
    }
}
