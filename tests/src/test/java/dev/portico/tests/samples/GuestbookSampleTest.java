package dev.portico.tests.samples;

import static dev.portico.tests.samples.Http.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sample-apps/guestbook, found by annotation discovery (served with no class name). */
class GuestbookSampleTest {
    private PorticoCli portico;

    @AfterEach
    void stop() {
        if (portico != null) {
            portico.close();
        }
    }

    @Test
    void postRedirectsToGetAndTheSessionRemembersTheName() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("guestbook"));
        Http browser = Http.withCookies();

        HttpResponse<String> posted = browser.postForm(portico.uri("/"), form("name", "Zoë", "message", "Hi <there>"));
        assertEquals(303, posted.statusCode());
        assertEquals("/", posted.headers().firstValue("Location").map(l -> l.replaceFirst("^http://[^/]+", ""))
                .orElseThrow());

        String page = browser.get(portico.uri("/")).body();
        assertTrue(page.contains("Welcome back, Zoë!"), page);
        assertTrue(page.contains("<p class=\"message\">Hi &lt;there&gt;</p>"), page);
        assertFalse(page.contains("<there>"), "a visitor's text must never become markup");

        String strangersPage = Http.client().get(portico.uri("/")).body();
        assertTrue(strangersPage.contains("Hi &lt;there&gt;"), "entries are shared");
        assertFalse(strangersPage.contains("Welcome back"), "the name is per session");
    }

    @Test
    void forgetEndsTheSession() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("guestbook"));
        Http browser = Http.withCookies();
        browser.postForm(portico.uri("/"), form("name", "Ann", "message", "hello"));
        assertTrue(browser.get(portico.uri("/")).body().contains("Welcome back, Ann!"));

        assertEquals(303, browser.postForm(portico.uri("/forget"), "").statusCode());
        assertFalse(browser.get(portico.uri("/")).body().contains("Welcome back"));
    }

    @Test
    void anIncompleteFormIsA400WithTheFormAgain() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("guestbook"));
        HttpResponse<String> response = Http.client().postForm(portico.uri("/"), form("name", "Ann", "message", " "));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("Please give both your name and a message."), response.body());
        assertTrue(response.body().contains("value=\"Ann\""), response.body());
    }

    @Test
    void theAnnotatedFilterLogsEachRequestThroughTheContextLog() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("guestbook"));
        assertEquals(404, Http.client().get(portico.uri("/no-such-page?x=1")).statusCode());
        portico.awaitOutputLine(line -> line.contains("guestbook: GET /no-such-page?x=1 -> 404"));
    }

    @Test
    void runsAsJarColonClassToo() throws Exception {
        portico = PorticoCli.start(PorticoCli.sample("guestbook") + ":example.guestbook.GuestbookServlet");
        HttpResponse<String> response = Http.client().get(portico.uri("/"));
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<h1>Guest book</h1>"), response.body());
    }
}
