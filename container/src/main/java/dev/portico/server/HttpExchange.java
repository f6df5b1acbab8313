package dev.portico.server;

import dev.portico.http.HttpFields;
import dev.portico.http.HttpStatus;
import dev.portico.http.HttpVersion;
import dev.portico.http.RequestHead;
import dev.portico.http.ResponseWriter.Framing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/**
 * One request/response on a connection. The response body is buffered until it overflows, is flushed, or the
 * exchange completes; {@link #commit(boolean)} is the one place that decides the framing and sends the head.
 */
final class HttpExchange implements Exchange {
    /** How far the response has got; it only moves forward. */
    private enum State {
        /** Nothing sent: status, headers and the buffered body may still change. */
        BUFFERING,
        /** The head is sent; the body may follow. */
        COMMITTED,
        /** The body has ended: nothing more can be written. */
        COMPLETE,
        /** The connection closed under the response: nothing more can be sent. */
        ABORTED
    }

    private final Connection connection;
    private final RequestHead head;
    private final long number;
    private final long startNanos = System.nanoTime();
    private RequestBody body;

    private int status = 200;
    private final HttpFields responseHeaders = new HttpFields(8);
    private final ResponseBody responseBody = new ResponseBody();
    private byte[] buffer;
    private int bufferSize;
    private int buffered;
    private long bytesWritten;
    /** Volatile: an abort may come from another thread, and must not wait for a write blocked under the lock. */
    private volatile State state = State.BUFFERING;
    /** The connection closes after this response; orthogonal to the state, as a handler may ask at any time. */
    private boolean closeAfter;
    /** Fixed once the head is sent. */
    private final DeclaredLength declared = new DeclaredLength();
    private Supplier<Map<String, String>> trailers;
    private final Suspension suspension = new Suspension();
    private volatile Consumer<UpgradedConnection> upgrade;
    private Origin origin;
    private final Compression compression;
    /** The request's entity-tag preconditions as sent, if they named compressed variants; see CompressionPolicy. */
    private final String sentEtags;
    /** The body's gzip coding when it is compressed as it streams; null otherwise. Volatile: an abort ends it. */
    private volatile GzipEncoder encoder;

    HttpExchange(Connection connection, RequestHead head, long number) {
        this.connection = connection;
        this.head = head;
        this.number = number;
        this.bufferSize = connection.server().options().responseBufferSize();
        this.compression = connection.server().options().compression();
        this.sentEtags = compression.enabled() ? CompressionPolicy.stripEtagSuffixes(head.headers()) : null;
    }

    // ---- request ---------------------------------------------------------------------------------------------

    @Override
    public RequestHead request() {
        return head;
    }

    @Override
    public InputStream requestBody() {
        return body();
    }

    RequestBody body() {
        if (body == null) {
            body = new RequestBody(connection, this, head);
        }
        return body;
    }

    /** Whether the request body has been read to its end; a request without a body needs no body object. */
    boolean bodyFinished() {
        return body == null ? head.framing() == RequestHead.Framing.NONE : body.isFinished();
    }

    @Override
    public HttpFields requestTrailers() {
        return body().trailers();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public SSLSession tlsSession() {
        return connection.tlsSession();
    }

    @Override
    public Origin origin() {
        if (origin == null) {
            // not volatile: another thread (async) at worst computes the same immutable value again
            boolean secure = tlsSession() != null;
            origin = head == null ? Origin.direct(remoteAddress(), secure)
                    : OriginResolver.resolve(connection.server().options().trustedProxies(), remoteAddress(), secure,
                            head.headers());
        }
        return origin;
    }

    @Override
    public String connectionId() {
        return connection.id();
    }

    @Override
    public long requestNumber() {
        return number;
    }

    long startNanos() {
        return startNanos;
    }

    // ---- response --------------------------------------------------------------------------------------------

    @Override
    public int status() {
        return status;
    }

    @Override
    public void status(int status) {
        if (state == State.BUFFERING) {
            this.status = status;
        }
    }

    @Override
    public HttpFields responseHeaders() {
        return responseHeaders;
    }

    @Override
    public void contentLength(long length) {
        if (state == State.BUFFERING) {
            declared.set(length, responseHeaders);
        }
    }

    @Override
    public long contentLength() {
        return state == State.BUFFERING ? declared.read(responseHeaders) : declared.value();
    }

    @Override
    public OutputStream responseBody() {
        return responseBody;
    }

    @Override
    public int bufferSize() {
        return bufferSize;
    }

    @Override
    public void bufferSize(int size) {
        if (bytesWritten > 0 || state != State.BUFFERING) {
            throw new IllegalStateException("the buffer size cannot change after content has been written");
        }
        bufferSize = Math.max(size, 0);
        if (buffer != null && buffer.length < bufferSize) {
            buffer = null;
        }
    }

    @Override
    public boolean isCommitted() {
        return state != State.BUFFERING;
    }

    @Override
    public void commit() throws IOException {
        if (state == State.BUFFERING) {
            commit(false);
            writeBuffered();
        }
    }

    @Override
    public void resetBuffer() {
        if (state != State.BUFFERING) {
            throw new IllegalStateException("response already committed");
        }
        bytesWritten -= buffered;
        buffered = 0;
    }

    @Override
    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void trailers(Supplier<Map<String, String>> supplier) {
        this.trailers = supplier;
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    @Override
    public void suspend() {
        suspension.suspend();
    }

    @Override
    public boolean isSuspended() {
        return suspension.isSuspended();
    }

    @Override
    public void complete() {
        if (endResponse() && suspension.responseEnded()) {
            connection.resume(this);
        }
    }

    @Override
    public void abort() {
        boolean ended = state != State.COMPLETE && state != State.ABORTED;
        state = State.ABORTED;
        connection.close();  // a write blocked on the socket fails now
        endEncoder();
        if (ended && suspension.responseEnded()) {
            connection.resume(this);
        }
    }

    /**
     * Called by the connection when the handler of a suspended exchange has returned.
     *
     * @return true if the exchange already completed, so the connection thread should carry on with it
     */
    boolean handlerReturned() {
        return suspension.handlerReturned();
    }

    @Override
    public void closeAfterResponse() {
        closeAfter = true;
    }

    @Override
    public void upgrade(Consumer<UpgradedConnection> protocol) {
        this.upgrade = Objects.requireNonNull(protocol, "protocol");
    }

    Consumer<UpgradedConnection> upgradeProtocol() {
        return upgrade;
    }

    boolean closesConnection() {
        return closeAfter || state == State.ABORTED;
    }

    /**
     * Ends the response: sends the head if it has not gone yet, what is left of the body, and its end (the last
     * chunk and trailers). @return true if this call ended it, false if it had ended already
     */
    private synchronized boolean endResponse() {
        if (state == State.COMPLETE || state == State.ABORTED) {
            return false;
        }
        try {
            if (state == State.BUFFERING) {
                commit(true);
                writeBuffered();
            }
            state = State.COMPLETE;
            if (declared.value() >= 0 && bytesWritten < declared.value() && sendsBody()) {
                closeAfter = true;  // fewer bytes than promised: only closing tells the client the truth
                if (encoder != null) {
                    // A compressed stream has no length on the wire: ending it properly would pass the cut-off body
                    // for a whole one, while closing before the last chunk tells the client it is incomplete.
                    state = State.ABORTED;
                    connection.writer().flush();
                    connection.close();
                    return true;
                }
            }
            if (encoder != null) {
                encoder.finish();
            }
            connection.writer().finishBody(trailerFields());
            connection.writer().flush();
        } catch (IOException e) {
            state = State.ABORTED;
            connection.close();
        } finally {
            endEncoder();
        }
        return true;
    }

    /** Gives the encoder's native memory back, on whichever path the response ended. */
    private void endEncoder() {
        GzipEncoder e = encoder;
        if (e != null) {
            e.end();
        }
    }

    /**
     * Replaces an uncommitted response by the server's plain error ({@link ErrorPolicy} decides when). A committed
     * response cannot be replaced, so its connection is closed instead.
     */
    void fail(int errorStatus, String message) {
        if (state != State.BUFFERING) {
            abort();
            return;
        }
        buffered = 0;
        bytesWritten = 0;
        status = errorStatus;
        responseHeaders.clear();
        declared.clear();
        responseHeaders.add("Content-Type", PlainError.CONTENT_TYPE);
        byte[] text = PlainError.body(errorStatus, message);
        try {
            responseBody.write(text, 0, text.length);
        } catch (IOException e) {
            abort();
        }
    }

    private HttpFields trailerFields() {
        if (trailers == null) {
            return null;
        }
        Map<String, String> map = trailers.get();
        if (map == null || map.isEmpty()) {
            return null;
        }
        HttpFields fields = new HttpFields(map.size());
        map.forEach(fields::add);
        return fields;
    }

    /** Decides the framing and sends the head (RFC 9112 §6.3, §9.3). */
    private void commit(boolean complete) throws IOException {
        long length = declared.read(responseHeaders);
        state = State.COMMITTED;  // from here on the declared length is fixed
        HttpVersion version = head.version();
        responseHeaders.remove("Transfer-Encoding");
        boolean compressed = compression.enabled() && compress(length, complete);
        if (compressed) {
            length = responseHeaders.contains("Content-Length") ? buffered : -1;
        }
        Framing framing;
        if (compressed && head.isHead()) {
            // The GET's coding, Vary and tag; its compressed length is unknown without compressing, so none is sent.
            framing = Framing.NONE;
        } else if (!HttpStatus.allowsBody(status)) {
            framing = Framing.NONE;
            if (status != 304) {
                responseHeaders.remove("Content-Length");
            }
        } else if (length >= 0) {
            framing = Framing.LENGTH;
            if (buffered > length) {
                // A length set after more was buffered: send what was promised, then close, so the surplus can
                // never be read as the start of the next response (RFC 9112 §6.3).
                buffered = (int) length;
                closeAfter = true;
            }
        } else if (complete) {
            framing = Framing.LENGTH;
            responseHeaders.set("Content-Length", Integer.toString(buffered));
        } else if (version == HttpVersion.HTTP_1_1) {
            framing = Framing.CHUNKED;
            responseHeaders.add("Transfer-Encoding", "chunked");
        } else {
            framing = Framing.CLOSE;
            closeAfter = true;
        }
        if (head.isHead()) {
            framing = Framing.NONE;  // the headers of the GET, without its body (RFC 9110 §9.3.2)
        }
        if (status == 101 && upgrade != null) {
            // The handler's Upgrade and Connection headers are the answer (RFC 9110 §7.8); what follows the head is
            // the new protocol, whatever became of keep-alive.
            connection.writer().writeHead(status, responseHeaders, framing);
            Trace.response(this);
            return;
        }
        if (responseHeaders.containsToken("Connection", "close") || !head.clientWantsKeepAlive()
                || connection.server().isStopping()
                || (body != null && !body.isFinished() && body.clientAwaitsContinue())
                || (body == null && head.expectContinue())) {
            closeAfter = true;
        }
        if (closeAfter) {
            responseHeaders.set("Connection", "close");
        } else if (version == HttpVersion.HTTP_1_0) {
            responseHeaders.set("Connection", "keep-alive");
        }
        connection.writer().writeHead(status, responseHeaders, framing);
        Trace.response(this);
    }

    /**
     * Whether the body is compressed (see {@link CompressionPolicy}), with the headers changed to say so. A body
     * complete in the buffer is compressed whole now and takes the buffer's place, so it is sent with its compressed
     * Content-Length; any other gets an encoder and streams chunked (or to the close on HTTP/1.0).
     */
    private boolean compress(long declaredLength, boolean complete) throws IOException {
        if (declaredLength >= 0 && !head.isHead()
                && (buffered > declaredLength || complete && buffered != declaredLength)) {
            return false;  // a body that breaks its own Content-Length is sent as it is, and the framing tells
        }
        long known = declaredLength >= 0 ? declaredLength : complete ? buffered : -1;
        if (!CompressionPolicy.apply(compression, head, status, responseHeaders, known, sentEtags)) {
            return false;
        }
        if (head.isHead()) {
            return true;
        }
        if (complete) {
            buffer = GzipEncoder.encode(buffer == null ? new byte[0] : buffer, 0, buffered,
                    compression.level());
            buffered = buffer.length;  // no longer the connection's buffer: nothing is buffered after the commit
            responseHeaders.set("Content-Length", Integer.toString(buffered));
        } else {
            encoder = new GzipEncoder(connection.writer()::writeBody, compression.level());
        }
        return true;
    }

    private void writeBuffered() throws IOException {
        if (buffered > 0) {
            int n = buffered;
            buffered = 0;
            writeOut(buffer, 0, n);
        }
    }

    /** Body bytes after the commit: through the encoder if the body is compressed as it streams. */
    private void writeOut(byte[] b, int off, int len) throws IOException {
        GzipEncoder e = encoder;
        if (e != null) {
            e.write(b, off, len);
        } else {
            connection.writer().writeBody(b, off, len);
        }
    }

    private boolean sendsBody() {
        return !head.isHead() && HttpStatus.allowsBody(status);
    }

    /** The application's view of the body: a buffer in front of the connection's writer. */
    private final class ResponseBody extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (HttpExchange.this) {
                if (state == State.ABORTED) {
                    throw new IOException("connection closed");
                }
                if (state == State.COMPLETE) {
                    throw new IOException("response already complete");
                }
                // Checked on every write, as the head may be sent by any; before the commit only a body that will
                // be sent is held to it.
                long limit = state == State.COMMITTED ? declared.value() : sendsBody() ? contentLength() : -1;
                if (limit >= 0 && bytesWritten + len > limit) {
                    int fits = (int) Math.max(0, limit - bytesWritten);
                    if (!sendsBody()) {
                        len = fits;  // a HEAD or bodiless answer: nothing reaches the wire, nothing to refuse
                    } else {
                        // Never past the promise: the next response on this connection would start inside this one.
                        write(b, off, fits);
                        closeAfter = true;
                        throw new IOException("response body exceeds its Content-Length of " + limit);
                    }
                }
                bytesWritten += len;
                if (state == State.BUFFERING) {
                    if (buffered + len <= bufferSize) {
                        if (buffer == null) {
                            buffer = connection.responseBuffer(bufferSize);
                        }
                        System.arraycopy(b, off, buffer, buffered, len);
                        buffered += len;
                        return;
                    }
                    commit(false);
                    writeBuffered();
                }
                writeOut(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (HttpExchange.this) {
                if (state == State.COMPLETE || state == State.ABORTED) {
                    return;
                }
                commit();
                GzipEncoder e = encoder;
                if (e != null) {
                    e.flush();
                }
                connection.writer().flush();
            }
        }
    }
}
