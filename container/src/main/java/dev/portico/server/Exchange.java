package dev.portico.server;

import dev.portico.http.HttpFields;
import dev.portico.http.RequestHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/**
 * One request and its response on one connection. The response is buffered: nothing reaches the socket until the
 * buffer overflows, {@link #commit()} or a flush is called, or the exchange completes. Committing writes the status
 * line and headers; after that, status and headers can no longer change (the servlet "commit").
 *
 * <p>If the response is complete before anything was committed, it is sent with a {@code Content-Length}; otherwise
 * it is chunked on HTTP/1.1 and delimited by closing the connection on HTTP/1.0.
 */
public interface Exchange {

    // ---- request -------------------------------------------------------------------------------------------

    RequestHead request();

    /**
     * The decoded request body (Content-Length or chunked framing removed); empty when there is none. The first read
     * sends {@code 100 Continue} if the client asked for it.
     */
    InputStream requestBody();

    /** Trailer fields of a chunked request, available once its body has been read to the end; else empty. */
    HttpFields requestTrailers();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** The TLS session of the connection, or null when it is plain HTTP. */
    default SSLSession tlsSession() {
        return null;
    }

    /**
     * The client and the address it used as the client saw them: the connection's own, or what a trusted proxy
     * forwarded ({@link TrustedProxies}). Decided once per exchange, on first use.
     */
    default Origin origin() {
        return Origin.direct(remoteAddress(), tlsSession() != null);
    }

    /** An id for the connection, unique within this server's lifetime. */
    String connectionId();

    /** The 1-based number of this request on its connection. */
    long requestNumber();

    // ---- response ------------------------------------------------------------------------------------------

    int status();

    /** Sets the status; ignored once committed. */
    void status(int status);

    /** The response headers; changes after commit are not sent. */
    HttpFields responseHeaders();

    /**
     * Declares the length of the response body, sent as its {@code Content-Length} (and shown among
     * {@link #responseHeaders()}); -1 removes it, so the framing is decided at commit. The server holds the body to
     * it (see {@link #responseBody()}). Ignored once committed.
     */
    void contentLength(long length);

    /** The declared length of the response body, or -1 if unknown; a {@code Content-Length} header counts too. */
    long contentLength();

    /**
     * The buffered response body stream; for HEAD requests the bytes are counted and discarded. Writing past a
     * {@code Content-Length} the handler declared sends only the declared bytes, throws an {@link IOException}, and
     * closes the connection after the response; a body shorter than declared also closes it.
     */
    OutputStream responseBody();

    int bufferSize();

    /** @throws IllegalStateException if body content has already been written */
    void bufferSize(int size);

    boolean isCommitted();

    /** Sends the status line and headers now (and whatever body is buffered). */
    void commit() throws IOException;

    /** Discards buffered, uncommitted body bytes. @throws IllegalStateException if committed */
    void resetBuffer();

    /** Number of body bytes written so far by the application (buffered or sent). */
    long bytesWritten();

    /** Trailer fields to send after a chunked body; called once, at completion. */
    void trailers(Supplier<Map<String, String>> supplier);

    // ---- lifecycle -----------------------------------------------------------------------------------------

    /** Keeps the exchange open after the handler returns; {@link #complete()} must be called later. */
    void suspend();

    boolean isSuspended();

    /** Finishes the response and lets the connection go on to its next request. Idempotent. */
    void complete();

    /** Ends the exchange by closing the connection, e.g. after a failure once the response was committed. */
    void abort();

    /** Asks that the connection close after this response. */
    void closeAfterResponse();

    /**
     * Switches protocols (RFC 9110 §7.8): once this exchange completes with a {@code 101} response, the connection
     * reads no further request; its streams are given to {@code protocol}, on the connection's thread. A 101 is sent
     * without body framing and with the handler's {@code Connection} header as it is. If the response is not a 101 in
     * the end (an error replaced it), the connection stays HTTP and {@code protocol} is never called.
     */
    void upgrade(Consumer<UpgradedConnection> protocol);
}
