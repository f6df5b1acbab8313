package dev.portico.servlet;

import dev.portico.http.HtmlEscaper;
import dev.portico.http.HttpStatus;
import dev.portico.server.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The container's own error response: a small HTML page naming the status (and the app's message, escaped). */
final class ErrorPageWriter {
    private ErrorPageWriter() {
    }

    /** The phrase in the page's title: the status line's, or the class of an error status without one. */
    static String reason(int status) {
        if (status < 400) {
            return "";     // not an error: the page names the number alone
        }
        String reason = HttpStatus.reason(status);
        return !reason.isEmpty() ? reason : status >= 500 ? "Server Error" : "Client Error";
    }

    /** Writes the page into the (uncommitted, empty) response; statuses that carry no body get none. */
    static void write(Exchange exchange, int status, String message) throws IOException {
        exchange.status(status);
        if (!HttpStatus.allowsBody(status)) {
            return;
        }
        String title = status + " " + reason(status);
        StringBuilder html = new StringBuilder(256)
                .append("<!doctype html>\n<html><head><title>").append(title).append("</title></head>\n")
                .append("<body><h1>").append(title).append("</h1>\n");
        if (message != null && !message.isEmpty()) {
            html.append("<p>").append(HtmlEscaper.escape(message)).append("</p>\n");
        }
        html.append("<hr><p>Portico</p></body></html>\n");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        exchange.responseHeaders().set("Content-Type", "text/html;charset=UTF-8");
        exchange.contentLength(-1);
        exchange.responseBody().write(bytes);
    }
}
