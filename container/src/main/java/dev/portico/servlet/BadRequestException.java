package dev.portico.servlet;

/**
 * Thrown into the app when the request turns out to be malformed only once the app looks at it (a bad %-escape,
 * bytes invalid in the request charset). Unchecked and an {@link IllegalStateException}, as the servlet API's own
 * getters declare nothing else; the gateway answers it with 400 instead of 500 and does not log it as an app fault.
 */
final class BadRequestException extends IllegalStateException {
    BadRequestException(String message) {
        super(message);
    }
}
