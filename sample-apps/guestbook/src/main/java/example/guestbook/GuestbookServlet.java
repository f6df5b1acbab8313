package example.guestbook;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A guest book: a form, its parameters, Post/Redirect/Get (so reloading the page never posts twice), a session that
 * remembers the visitor's name, and escaping of everything a visitor typed.
 *
 * <ul>
 *   <li>{@code GET /} the page: the form and the newest entries</li>
 *   <li>{@code POST /} adds an entry, then answers 303 See Other to {@code GET /}</li>
 *   <li>{@code POST /forget} ends the session, then 303 to {@code GET /}</li>
 * </ul>
 */
@WebServlet(name = "guestbook", urlPatterns = "/*")
public class GuestbookServlet extends HttpServlet {
    static final int MAX_ENTRIES = 100;
    static final int MAX_NAME = 40;
    static final int MAX_MESSAGE = 1000;
    static final String NAME_ATTRIBUTE = "guestbook.name";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private record Entry(String name, String message, Instant time) {
    }

    /** Newest first; guarded by itself. */
    private final Deque<Entry> entries = new ArrayDeque<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!isRoot(request)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        HttpSession session = request.getSession(false);
        String name = session == null ? null : (String) session.getAttribute(NAME_ATTRIBUTE);
        render(request, response, name, "", null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Before the first getParameter: form fields are sent as UTF-8 by the page (accept-charset).
        request.setCharacterEncoding("UTF-8");
        String path = request.getPathInfo();
        if ("/forget".equals(path)) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            redirectHome(request, response);
            return;
        }
        if (!isRoot(request)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String name = trim(request.getParameter("name"));
        String message = trim(request.getParameter("message"));
        String error = null;
        if (name.isEmpty() || message.isEmpty()) {
            error = "Please give both your name and a message.";
        } else if (name.length() > MAX_NAME || message.length() > MAX_MESSAGE) {
            error = "Names are at most " + MAX_NAME + " characters, messages at most " + MAX_MESSAGE + ".";
        }
        if (error != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            render(request, response, name, message, error);
            return;
        }
        synchronized (entries) {
            entries.addFirst(new Entry(name, message, Instant.now()));
            while (entries.size() > MAX_ENTRIES) {
                entries.removeLast();
            }
        }
        request.getSession().setAttribute(NAME_ATTRIBUTE, name);
        redirectHome(request, response);
    }

    private static boolean isRoot(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null || path.equals("/");
    }

    /** 303 makes the browser follow with a GET, whatever the method was (RFC 9110 section 15.4.4). */
    private static void redirectHome(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + "/");
    }

    private void render(HttpServletRequest request, HttpServletResponse response, String name, String message,
            String error)
            throws IOException {
        List<Entry> snapshot;
        synchronized (entries) {
            snapshot = new ArrayList<>(entries);
        }
        String home = Html.escape(request.getContextPath() + "/");
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Guest book</title>");
        out.println("<style>body{font-family:sans-serif;margin:2em;max-width:40em}.entry{border-top:1px solid #ddd;"
                + "padding:.5em 0}.when{color:#888;font-size:small}.error{color:#b00}</style></head><body>");
        out.println("<h1>Guest book</h1>");
        if (name != null && error == null) {
            out.println("<p id=\"welcome\">Welcome back, " + Html.escape(name) + "!</p>");
            out.println("<form method=\"post\" action=\"" + home + "forget\"><button>Forget me</button></form>");
        }
        if (error != null) {
            out.println("<p class=\"error\" id=\"error\">" + Html.escape(error) + "</p>");
        }
        out.println("<form method=\"post\" action=\"" + home + "\" accept-charset=\"UTF-8\">");
        out.println("<p><label>Your name <input name=\"name\" maxlength=\"" + MAX_NAME + "\" value=\""
                + Html.escape(name == null ? "" : name) + "\"></label></p>");
        out.println("<p><label>Message<br><textarea name=\"message\" rows=\"3\" cols=\"50\" maxlength=\""
                + MAX_MESSAGE + "\">" + Html.escape(message) + "</textarea></label></p>");
        out.println("<p><button>Sign the guest book</button></p></form>");
        out.println("<h2>" + snapshot.size() + (snapshot.size() == 1 ? " entry" : " entries") + "</h2>");
        for (Entry entry : snapshot) {
            out.println("<div class=\"entry\"><b class=\"name\">" + Html.escape(entry.name()) + "</b> "
                    + "<span class=\"when\">" + TIME.format(entry.time()) + "</span>"
                    + "<p class=\"message\">" + Html.escape(entry.message()) + "</p></div>");
        }
        out.println("</body></html>");
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
