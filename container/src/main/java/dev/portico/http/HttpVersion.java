package dev.portico.http;

/**
 * The two sets of HTTP/1.x rules a request can be processed by (RFC 9112 §2.3): 1.0, or 1.1 (also for a higher
 * minor version, RFC 9110 §2.5). Another major version is answered with 505. A response always says
 * {@code HTTP/1.1}, the highest version Portico conforms to, whatever the request's.
 */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
