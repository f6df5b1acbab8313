package dev.portico.servlet;

import dev.portico.http.HttpVersion;
import dev.portico.server.Exchange;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/** The trailer fields of a response (setTrailerFields): only an HTTP/1.1 chunked body can carry them. */
final class ResponseTrailers {
    private final Exchange exchange;
    private Supplier<Map<String, String>> supplier;

    ResponseTrailers(Exchange exchange) {
        this.exchange = exchange;
    }

    /** The caller has checked that the response is not committed. */
    void set(Supplier<Map<String, String>> trailers) {
        if (exchange.request().version() != HttpVersion.HTTP_1_1) {
            throw new IllegalStateException("trailer fields need HTTP/1.1 chunked encoding");
        }
        supplier = trailers;
        exchange.trailers(trailers);
    }

    Supplier<Map<String, String>> get() {
        return supplier;
    }

    /** reset(): the app's trailers are forgotten. */
    void forget() {
        supplier = null;
    }

    /**
     * At the end of the request: trailers need a chunked body, so the head goes out without Content-Length (unless
     * the app declared one).
     */
    void commitChunked(long contentLength) throws IOException {
        if (supplier != null && !exchange.isCommitted() && contentLength < 0) {
            exchange.commit();
        }
    }
}
