package dev.portico.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sample-apps/sleep as {@code sleep.jar:example.sleep.SleepServlet}. Overlap and queueing are read from the
 * servlet's own counters (requests in flight), never from the clock.
 */
class SleepSampleTest {
    private PorticoCli portico;
    private final Http http = Http.client();

    @AfterEach
    void stop() {
        if (portico != null) {
            portico.close();
        }
    }

    private void start(String... options) throws Exception {
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = PorticoCli.sample("sleep") + ":example.sleep.SleepServlet";
        portico = PorticoCli.start(args);
    }

    /** Two requests at once, each told to wake early when it has seen two in flight. */
    private List<Map<String, String>> twoAtOnce(int ms) throws Exception {
        String path = "/sleep?ms=" + ms + "&until=2";
        CompletableFuture<HttpResponse<String>> first = http.raw().sendAsync(
                Http.request(portico.uri(path)).GET().build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
        CompletableFuture<HttpResponse<String>> second = http.raw().sendAsync(
                Http.request(portico.uri(path)).GET().build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
        return List.of(report(first.get(60, TimeUnit.SECONDS)), report(second.get(60, TimeUnit.SECONDS)));
    }

    private static Map<String, String> report(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> fields = new HashMap<>();
        for (String line : response.body().split("\n")) {
            int colon = line.indexOf(": ");
            fields.put(line.substring(0, colon), line.substring(colon + 2).strip());
        }
        return fields;
    }

    @Test
    void byDefaultRequestsOverlap() throws Exception {
        start();
        // Up to 30 s each if they did not overlap; they wake as soon as both are in.
        List<Map<String, String>> reports = twoAtOnce(30_000);
        for (Map<String, String> report : reports) {
            assertEquals("2", report.get("max-in-flight"), report.toString());
            assertEquals("true", report.get("woken-early"), report.toString());
        }
        assertNotEquals(reports.get(0).get("thread"), reports.get(1).get("thread"));
    }

    @Test
    void withOneThreadRequestsQueue() throws Exception {
        start("--threads", "1");
        List<Map<String, String>> reports = twoAtOnce(1_500);
        for (Map<String, String> report : reports) {
            assertEquals("1", report.get("max-in-flight"), report.toString());
            assertEquals("false", report.get("woken-early"), report.toString());
        }
        // One ran entirely before the other started.
        long finishedBefore0 = Long.parseLong(reports.get(0).get("finished-before-start"));
        long finishedBefore1 = Long.parseLong(reports.get(1).get("finished-before-start"));
        assertEquals(1, Math.abs(finishedBefore0 - finishedBefore1), reports.toString());
    }

    @Test
    void reportsTheThreadAndTheTimings() throws Exception {
        start();
        Map<String, String> report = report(http.get(portico.uri("/sleep?ms=5")));
        assertEquals("5", report.get("requested-ms"));
        assertTrue(Long.parseLong(report.get("slept-ms")) >= 5, report.toString());
        assertEquals("1", report.get("request"));
        assertEquals("1", report.get("in-flight-at-start"));
        assertTrue(!report.get("thread").isEmpty() && report.containsKey("started") && report.containsKey("finished"));
    }

    @Test
    void outOfRangeDurationsAreA400() throws Exception {
        start();
        assertEquals(400, http.get(portico.uri("/sleep?ms=60001")).statusCode());
        assertEquals(400, http.get(portico.uri("/sleep?ms=-1")).statusCode());
        assertEquals(400, http.get(portico.uri("/sleep?ms=soon")).statusCode());
        assertEquals(200, http.get(portico.uri("/sleep?ms=0")).statusCode());
    }
}
