package example.echo;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.Map;

/**
 * POST echoes the request body back with the same content type; GET shows everything the servlet sees of the
 * request, as an HTML page. Useful to learn how a URL is split into context path, servlet path and path info.
 */
public class EchoServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Never call getParameter here: for a form body it would consume the stream we want to echo.
        String type = request.getContentType();
        response.setContentType(type != null ? type : "application/octet-stream");
        long length = request.getContentLengthLong();
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        try (InputStream in = request.getInputStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Echo: request inspector</title>");
        out.println("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
                + "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
                + "th{background:#f3f3f3}code{white-space:pre-wrap}</style></head><body>");
        out.println("<h1>What the servlet sees</h1>");

        out.println("<h2>Request</h2><table id=\"request\">");
        row(out, "Method", request.getMethod());
        row(out, "Request URI", request.getRequestURI());
        row(out, "Context path", request.getContextPath());
        row(out, "Servlet path", request.getServletPath());
        row(out, "Path info", request.getPathInfo());
        row(out, "Query string", request.getQueryString());
        row(out, "Protocol", request.getProtocol());
        row(out, "Scheme", request.getScheme());
        row(out, "Server", request.getServerName() + ":" + request.getServerPort());
        row(out, "Remote address", request.getRemoteAddr() + ":" + request.getRemotePort());
        row(out, "Local address", request.getLocalAddr() + ":" + request.getLocalPort());
        out.println("</table>");

        out.println("<h2>Parameters</h2><table id=\"parameters\">");
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            row(out, parameter.getKey(), String.join(", ", parameter.getValue()));
        }
        out.println("</table>");

        out.println("<h2>Headers</h2><table id=\"headers\">");
        for (String name : Collections.list(request.getHeaderNames())) {
            row(out, name, String.join(", ", Collections.list(request.getHeaders(name))));
        }
        out.println("</table>");

        out.println("<h2>Cookies</h2><table id=\"cookies\">");
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                row(out, cookie.getName(), cookie.getValue());
            }
        }
        out.println("</table>");

        out.println("<h2>Echo a body</h2><form method=\"post\"><textarea name=\"text\" rows=\"4\" cols=\"60\">"
                + "</textarea><br><button>POST it</button></form>");
        out.println("</body></html>");
    }

    private static void row(PrintWriter out, String name, String value) {
        out.println("<tr><th>" + Html.escape(name) + "</th><td><code>"
                + (value == null ? "<i>null</i>" : Html.escape(value)) + "</code></td></tr>");
    }
}
