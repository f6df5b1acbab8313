package dev.portico.servlet;

/**
 * A multipart body or part over the servlet's configured limits. An {@link IllegalStateException}, as getParts()
 * specifies; the gateway answers it with 413 when the app lets it escape.
 */
final class PayloadTooLargeException extends IllegalStateException {
    PayloadTooLargeException(String message) {
        super(message);
    }
}
