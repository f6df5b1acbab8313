package dev.portico.server;

import dev.portico.http.ChunkedInputStream;
import dev.portico.http.ContentLengthInputStream;
import dev.portico.http.HttpFields;
import dev.portico.http.RequestHead;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as the application sees it. Sends {@code 100 Continue} on the first read when the client asked
 * for it (RFC 9110 §10.1.1) — so a client is never told to send a body nobody will read — and reports whether the
 * body was read to its end, which decides if the connection can carry another request.
 */
final class RequestBody extends InputStream {
    private static final HttpFields NO_TRAILERS = new HttpFields(0);

    private final Connection connection;
    private final HttpExchange exchange;
    private final InputStream framed;
    private boolean continueSent;

    RequestBody(Connection connection, HttpExchange exchange, RequestHead head) {
        this.connection = connection;
        this.exchange = exchange;
        this.framed = switch (head.framing()) {
            case NONE -> null;
            case LENGTH -> new ContentLengthInputStream(connection.input(), head.contentLength());
            case CHUNKED -> new ChunkedInputStream(connection.input(), connection.parser(),
                    connection.limits().maxBody());
        };
    }

    @Override
    public int read() throws IOException {
        if (framed == null) {
            return -1;
        }
        beforeRead();
        return framed.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (framed == null) {
            return -1;
        }
        beforeRead();
        return framed.read(b, off, len);
    }

    @Override
    public int available() throws IOException {
        return framed == null ? 0 : framed.available();
    }

    private void beforeRead() throws IOException {
        if (!continueSent && exchange.request().expectContinue()) {
            continueSent = true;
            if (!exchange.isCommitted()) {
                connection.writer().writeContinue();
            }
        }
    }

    boolean isFinished() {
        if (framed == null) {
            return true;
        }
        if (framed instanceof ContentLengthInputStream length) {
            return length.isFinished();
        }
        return ((ChunkedInputStream) framed).isFinished();
    }

    /** True when the client is still waiting for a 100 Continue that was never sent, so it may not send the body. */
    boolean clientAwaitsContinue() {
        return exchange.request().expectContinue() && !continueSent;
    }

    HttpFields trailers() {
        if (framed instanceof ChunkedInputStream chunked && chunked.trailers() != null) {
            return chunked.trailers();
        }
        return NO_TRAILERS;
    }

    /**
     * Reads and discards what is left of the body, up to {@code limit} bytes, so the next request can be parsed.
     *
     * @return true if the body is now fully consumed
     */
    boolean drain(long limit) throws IOException {
        if (framed == null) {
            return true;
        }
        byte[] skip = new byte[4096];
        long drained = 0;
        while (!isFinished()) {
            int n = framed.read(skip, 0, skip.length);
            if (n < 0) {
                return isFinished();
            }
            drained += n;
            if (drained > limit) {
                return false;
            }
        }
        return true;
    }
}
