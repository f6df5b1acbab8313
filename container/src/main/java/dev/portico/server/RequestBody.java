package dev.portico.server;

import dev.portico.http.ChunkedInputStream;
import dev.portico.http.ContentLengthInputStream;
import dev.portico.http.HttpException;
import dev.portico.http.HttpFields;
import dev.portico.http.RequestHead;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * The request body as the application sees it. Sends {@code 100 Continue} on the first read when the client asked
 * for it (RFC 9110 §10.1.1) — so a client is never told to send a body nobody will read — and reports whether the
 * body was read to its end, which decides if the connection can carry another request. Every read is metered
 * ({@link BodyRate}): a body that arrives too slowly, or not within the idle timeout, ends in a 408.
 */
final class RequestBody extends InputStream {
    private static final HttpFields NO_TRAILERS = new HttpFields(0);

    private final Connection connection;
    private final HttpExchange exchange;
    private final InputStream framed;
    private final BodyRate rate;
    private boolean continueSent;

    RequestBody(Connection connection, HttpExchange exchange, RequestHead head) {
        this.connection = connection;
        this.exchange = exchange;
        this.framed = switch (head.framing()) {
            case NONE -> null;
            case LENGTH -> new ContentLengthInputStream(connection.input(), head.contentLength());
            case CHUNKED -> new ChunkedInputStream(connection.input(), connection.parser(),
                    connection.server().options().limits().maxBody());
        };
        ServerOptions options = connection.server().options();
        this.rate = new BodyRate(options.minBodyRate(), options.bodyRateGrace().toNanos());
    }

    @Override
    public int read() throws IOException {
        if (framed == null) {
            return -1;
        }
        beforeRead();
        startRead();
        int b;
        try {
            b = framed.read();
        } catch (IOException e) {
            throw readFailed(e);
        }
        endRead(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (framed == null) {
            return -1;
        }
        beforeRead();
        startRead();
        int n;
        try {
            n = framed.read(b, off, len);
        } catch (IOException e) {
            throw readFailed(e);
        }
        endRead(n);
        return n;
    }

    private void startRead() {
        rate.readStarts(System.nanoTime());
        connection.bodyReadStarts(this);
    }

    private void endRead(int n) throws HttpException {
        connection.bodyReadEnds();
        if (!rate.readEnds(System.nanoTime(), n)) {
            throw tooSlow();
        }
    }

    /**
     * A read cut by the watchdog, or one that outlived the idle timeout, is the client's fault: 408 (RFC 9110
     * §15.5.9), and the connection closes, since the rest of the body will never be read.
     */
    private IOException readFailed(IOException e) {
        connection.bodyReadEnds();
        rate.readEnds(System.nanoTime(), 0);
        if (rate.isCut()) {
            return tooSlow();
        }
        if (e instanceof SocketTimeoutException) {
            exchange.closeAfterResponse();
            return new HttpException(408, "request body not received within the idle timeout");
        }
        return e;
    }

    private HttpException tooSlow() {
        exchange.closeAfterResponse();
        return new HttpException(408, rate.describe());
    }

    /** Called by the watchdog. @return true if this body is too slow and its read must be cut */
    boolean cutIfTooSlow(long now) {
        return rate.cutIfTooSlow(now);
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
     * Reads and discards what is left of the body, up to {@code limit} bytes and until {@code deadline}, so the next
     * request can be parsed: skipping is only worth it while it is cheaper than a new connection.
     *
     * @return true if the body is now fully consumed
     */
    boolean drain(long limit, long deadline) throws IOException {
        if (framed == null || rate.isCut()) {
            return isFinished();
        }
        byte[] skip = new byte[4096];
        long drained = 0;
        while (!isFinished()) {
            if (!connection.limitReadsUntil(deadline)) {
                return false;
            }
            int n;
            try {
                n = framed.read(skip, 0, skip.length);
            } catch (SocketTimeoutException e) {
                return false;
            }
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
