package dev.portico.server;

import dev.portico.http.HttpFields;
import dev.portico.http.HttpStatus;
import dev.portico.http.ResponseWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The server's own error response, in plain text: {@code 408 Request Timeout: why}. The one place that builds it,
 * whether it replaces an exchange's response or refuses a request that never became an exchange.
 */
final class PlainError {
    static final String CONTENT_TYPE = "text/plain;charset=UTF-8";

    private PlainError() {
    }

    /** The status line's words (reason from {@link HttpStatus}) and, if there is one, why. */
    static byte[] body(int status, String message) {
        return (status + " " + HttpStatus.reason(status) + (message == null ? "" : ": " + message) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Sends a whole error response straight to the wire; the connection closes after it. */
    static void writeClosing(ResponseWriter writer, int status, String message) throws IOException {
        byte[] body = body(status, message);
        HttpFields headers = new HttpFields(4);
        headers.add("Content-Type", CONTENT_TYPE);
        headers.add("Content-Length", Integer.toString(body.length));
        headers.add("Connection", "close");
        writer.writeHead(status, headers, ResponseWriter.Framing.LENGTH);
        writer.writeBody(body, 0, body.length);
        writer.flush();
    }
}
