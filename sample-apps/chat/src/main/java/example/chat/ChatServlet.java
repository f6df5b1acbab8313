package example.chat;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A multi-user chat with long polling over asynchronous servlets.
 *
 * <ul>
 *   <li>{@code GET /} the page (HTML and script; the browser escapes with {@code textContent})</li>
 *   <li>{@code GET /messages?since=N} messages after id N, as JSON; when there are none yet, the request is parked
 *       with {@code startAsync} — no thread waits for it — until a message arrives or {@value #POLL_TIMEOUT_MS} ms
 *       pass (init parameter {@value #POLL_TIMEOUT_PARAMETER}), then it is answered with what is new
 *       (possibly nothing)</li>
 *   <li>{@code POST /messages} with form fields {@code name} and {@code text} adds a message: 201 and its id</li>
 * </ul>
 */
@WebServlet(name = "chat", urlPatterns = "/*", asyncSupported = true)
public class ChatServlet extends HttpServlet {
    static final long POLL_TIMEOUT_MS = 25_000;
    /** Init parameter (of the servlet or the context) that overrides {@link #POLL_TIMEOUT_MS}. */
    static final String POLL_TIMEOUT_PARAMETER = "chat.pollTimeoutMs";
    static final int MAX_NAME = 40;
    static final int MAX_TEXT = 500;

    private final MessageBoard board = new MessageBoard();
    private byte[] page;
    private long pollTimeoutMs = POLL_TIMEOUT_MS;

    @Override
    public void init() throws ServletException {
        try (InputStream in = ChatServlet.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new ServletException("example/chat/index.html is missing from the jar");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new ServletException(e);
        }
        String timeout = getInitParameter(POLL_TIMEOUT_PARAMETER);
        if (timeout == null) {
            timeout = getServletContext().getInitParameter(POLL_TIMEOUT_PARAMETER);
        }
        if (timeout != null) {
            pollTimeoutMs = Long.parseLong(timeout);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            // The page uses relative URLs ("messages"), which need the trailing slash of its directory.
            response.sendRedirect(request.getContextPath() + "/");
        } else if (path.equals("/") || path.equals("/index.html")) {
            response.setContentType("text/html;charset=UTF-8");
            response.setContentLength(page.length);
            response.getOutputStream().write(page);
        } else if (path.equals("/messages")) {
            poll(request, response);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/messages".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        request.setCharacterEncoding("UTF-8");
        String name = strip(request.getParameter("name"));
        String text = strip(request.getParameter("text"));
        if (name.isEmpty()) {
            name = "anonymous";
        }
        if (text.isEmpty() || text.length() > MAX_TEXT || name.length() > MAX_NAME) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "text must be 1 to " + MAX_TEXT + " characters, name at most " + MAX_NAME);
            return;
        }
        Message message = board.post(name, text);
        response.setStatus(HttpServletResponse.SC_CREATED);
        writeJson(response, "{\"id\":" + message.id() + "}");
    }

    private void poll(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long since;
        try {
            String value = request.getParameter("since");
            since = value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            since = -1;
        }
        if (since < 0) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "since must be a message id (0 or more)");
            return;
        }
        since = Math.min(since, board.lastId());

        AsyncContext async = request.startAsync();
        async.setTimeout(pollTimeoutMs);
        ParkedPoll parked = new ParkedPoll(async, since);
        async.addListener(parked);
        List<Message> newer = board.newerOrWait(since, parked);
        if (newer != null) {
            parked.deliver(MessageBoard.lastOf(newer, since), newer);
        }
    }

    @Override
    public void destroy() {
        for (MessageBoard.Waiter waiter : board.drain()) {
            waiter.deliver(waiter.since(), List.of());
        }
    }

    private static void writeJson(HttpServletResponse response, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    /** A poll waiting for news. Answered exactly once: by a poster, by its timeout, or when the app stops. */
    private final class ParkedPoll implements MessageBoard.Waiter, AsyncListener {
        private final AsyncContext async;
        private final long since;
        private final AtomicBoolean answered = new AtomicBoolean();

        ParkedPoll(AsyncContext async, long since) {
            this.async = async;
            this.since = since;
        }

        @Override
        public long since() {
            return since;
        }

        @Override
        public void deliver(long last, List<Message> messages) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                writeJson((HttpServletResponse) async.getResponse(), Json.batch(last, messages));
            } catch (IOException | RuntimeException e) {
                // The client went away; nothing to tell it.
                getServletContext().log("chat: could not answer a poll: " + e);
            } finally {
                async.complete();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            board.remove(this);
            deliver(since, List.of());
        }

        @Override
        public void onError(AsyncEvent event) {
            board.remove(this);
            if (answered.compareAndSet(false, true)) {
                async.complete();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            board.remove(this);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
