package dev.portico.servlet;

/**
 * A request over a limit that the gateway enforces when the app asks for its content: a form over the form size, more
 * parameters than allowed, a multipart body or part over the servlet's configured limits. An
 * {@link IllegalStateException}, as getParts() specifies; the gateway answers it with 413 and closes the connection
 * (the rest of the body is left unread) when the app lets it escape.
 */
final class PayloadTooLargeException extends IllegalStateException {
    PayloadTooLargeException(String message) {
        super(message);
    }
}
