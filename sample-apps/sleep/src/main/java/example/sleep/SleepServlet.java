package example.sleep;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * {@code GET /sleep?ms=N} holds its thread for N milliseconds (at most {@value #MAX_MS}), then tells which thread
 * served it and how many requests were in flight — so the effect of {@code --threads} can be seen: with one thread
 * requests queue, by default they overlap.
 *
 * <p>{@code &until=K} wakes the request early as soon as K requests are in flight at once: two browser tabs with
 * {@code ?ms=10000&until=2} come back together at once if the server serves them side by side, and take 10 s each
 * one after the other if it does not.
 */
public class SleepServlet extends HttpServlet {
    static final int MAX_MS = 60_000;

    private final InFlight inFlight = new InFlight();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int ms;
        int until;
        try {
            ms = parse(request.getParameter("ms"), 1000);
            until = parse(request.getParameter("until"), 0);
        } catch (NumberFormatException e) {
            ms = -1;
            until = -1;
        }
        if (ms < 0 || ms > MAX_MS || until < 0) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "ms must be a whole number from 0 to " + MAX_MS + ", until a count of requests");
            return;
        }

        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        InFlight.Visit visit = inFlight.enter();
        boolean woken;
        try {
            woken = inFlight.await(visit, ms, until);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
            return;
        } finally {
            inFlight.leave(visit);
        }
        long sleptMs = (System.nanoTime() - startNanos) / 1_000_000;

        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.println("request: " + visit.number());
        out.println("thread: " + threadName());
        out.println("requested-ms: " + ms);
        out.println("slept-ms: " + sleptMs);
        out.println("woken-early: " + woken);
        out.println("started: " + started);
        out.println("finished: " + Instant.now());
        out.println("in-flight-at-start: " + visit.inFlightAtStart());
        out.println("max-in-flight: " + visit.maxInFlight());
        out.println("finished-before-start: " + visit.finishedBeforeStart());
    }

    /** Virtual threads have no name by default; their toString carries their id. */
    private static String threadName() {
        Thread thread = Thread.currentThread();
        return thread.getName().isEmpty() ? thread.toString() : thread.getName();
    }

    private static int parse(String value, int otherwise) {
        return value == null || value.isEmpty() ? otherwise : Integer.parseInt(value);
    }
}
