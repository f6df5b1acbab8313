package dev.portico.servlet;

import dev.portico.server.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The container's own error response: a small HTML page naming the status (and the app's message, escaped). */
final class ErrorPageWriter {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(410, "Gone"),
            Map.entry(411, "Length Required"), Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(416, "Range Not Satisfiable"),
            Map.entry(417, "Expectation Failed"), Map.entry(422, "Unprocessable Content"),
            Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"),
            Map.entry(505, "HTTP Version Not Supported"));

    private ErrorPageWriter() {
    }

    static String reason(int status) {
        String reason = REASONS.get(status);
        return reason != null ? reason : status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "";
    }

    /** Writes the page into the (uncommitted, empty) response; statuses that carry no body get none. */
    static void write(Exchange exchange, int status, String message) throws IOException {
        exchange.status(status);
        if (status < 200 || status == 204 || status == 304) {
            return;
        }
        String title = status + " " + reason(status);
        StringBuilder html = new StringBuilder(256)
                .append("<!doctype html>\n<html><head><title>").append(title).append("</title></head>\n")
                .append("<body><h1>").append(title).append("</h1>\n");
        if (message != null && !message.isEmpty()) {
            html.append("<p>").append(escape(message)).append("</p>\n");
        }
        html.append("<hr><p>Portico</p></body></html>\n");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        exchange.responseHeaders().set("Content-Type", "text/html;charset=UTF-8");
        exchange.contentLength(-1);
        exchange.responseBody().write(bytes);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
