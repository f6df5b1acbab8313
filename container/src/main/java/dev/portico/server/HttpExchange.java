package dev.portico.server;

import dev.portico.http.HttpFields;
import dev.portico.http.HttpStatus;
import dev.portico.http.HttpVersion;
import dev.portico.http.RequestHead;
import dev.portico.http.ResponseWriter;
import dev.portico.http.ResponseWriter.Framing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One request/response on a connection. The response body is buffered until it overflows, is flushed, or the
 * exchange completes; {@link #commit(boolean)} is the one place that decides the framing and sends the head.
 */
final class HttpExchange implements Exchange {
    private static final int HANDLER_RETURNED = 1;
    private static final int COMPLETED = 2;

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
    private long declaredLength = -1;
    private boolean committed;
    private boolean completed;
    private boolean closeAfter;
    private boolean suspended;
    private boolean aborted;
    private Supplier<Map<String, String>> trailers;
    private final AtomicInteger handoff = new AtomicInteger();
    private volatile Consumer<UpgradedConnection> upgrade;

    HttpExchange(Connection connection, RequestHead head, long number) {
        this.connection = connection;
        this.head = head;
        this.number = number;
        this.bufferSize = connection.options().responseBufferSize();
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
        if (!committed) {
            this.status = status;
        }
    }

    @Override
    public HttpFields responseHeaders() {
        return responseHeaders;
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
        if (bytesWritten > 0 || committed) {
            throw new IllegalStateException("the buffer size cannot change after content has been written");
        }
        bufferSize = Math.max(size, 0);
        if (buffer != null && buffer.length < bufferSize) {
            buffer = null;
        }
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void commit() throws IOException {
        if (!committed) {
            commit(false);
            writeBuffered();
        }
    }

    @Override
    public void resetBuffer() {
        if (committed) {
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
        suspended = true;
    }

    @Override
    public boolean isSuspended() {
        return suspended;
    }

    @Override
    public void complete() {
        if (!finish()) {
            return;
        }
        if (suspended && (handoff.getAndUpdate(f -> f | COMPLETED) & HANDLER_RETURNED) != 0) {
            connection.resume(this);
        }
    }

    /**
     * Called by the connection when the handler of a suspended exchange has returned.
     *
     * @return true if the exchange already completed, so the connection thread should carry on with it
     */
    boolean handlerReturned() {
        return (handoff.getAndUpdate(f -> f | HANDLER_RETURNED) & COMPLETED) != 0;
    }

    @Override
    public void abort() {
        aborted = true;
        completed = true;
        connection.close();
        if (suspended && (handoff.getAndUpdate(f -> f | COMPLETED) & HANDLER_RETURNED) != 0) {
            connection.resume(this);
        }
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
        return closeAfter || aborted;
    }

    /** Writes whatever is left and ends the body. @return false if it was already finished */
    synchronized boolean finish() {
        if (completed) {
            return false;
        }
        completed = true;
        try {
            if (!committed) {
                commit(true);
                writeBuffered();
            }
            if (declaredLength >= 0 && bytesWritten < declaredLength && !head.isHead()
                    && HttpStatus.allowsBody(status)) {
                closeAfter = true;  // fewer bytes than promised: only closing tells the client the truth
            }
            connection.writer().finishBody(trailerFields());
            connection.writer().flush();
        } catch (IOException e) {
            aborted = true;
            connection.close();
        }
        return true;
    }

    /**
     * Replaces an uncommitted response by an error; the one error policy of the server. A committed response cannot
     * be replaced, so its connection is closed instead.
     */
    void fail(int errorStatus, String message) {
        if (committed) {
            abort();
            return;
        }
        buffered = 0;
        bytesWritten = 0;
        declaredLength = -1;
        status = errorStatus;
        responseHeaders.clear();
        responseHeaders.add("Content-Type", "text/plain;charset=UTF-8");
        byte[] text = (errorStatus + " " + HttpStatus.reason(errorStatus) + (message == null ? "" : ": " + message)
                + "\n").getBytes(StandardCharsets.UTF_8);
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
        committed = true;
        HttpVersion version = head.version();
        String declared = responseHeaders.get("Content-Length");
        declaredLength = parseLength(declared);
        responseHeaders.remove("Transfer-Encoding");
        Framing framing;
        if (!HttpStatus.allowsBody(status)) {
            framing = Framing.NONE;
            if (status != 304) {
                responseHeaders.remove("Content-Length");
            }
        } else if (declaredLength >= 0) {
            framing = Framing.LENGTH;
            if (buffered > declaredLength) {
                // A length set after more was buffered: send what was promised, then close, so the surplus can
                // never be read as the start of the next response (RFC 9112 §6.3).
                buffered = (int) declaredLength;
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
            connection.traceResponse(this);
            return;
        }
        if (responseHeaders.containsToken("Connection", "close") || !head.clientWantsKeepAlive()
                || connection.isStopping() || (body != null && !body.isFinished() && body.clientAwaitsContinue())
                || (body == null && head.expectContinue())) {
            closeAfter = true;
        }
        if (closeAfter) {
            responseHeaders.set("Connection", "close");
        } else if (version == HttpVersion.HTTP_1_0) {
            responseHeaders.set("Connection", "keep-alive");
        }
        connection.writer().writeHead(status, responseHeaders, framing);
        connection.traceResponse(this);
    }

    private void writeBuffered() throws IOException {
        if (buffered > 0) {
            int n = buffered;
            buffered = 0;
            connection.writer().writeBody(buffer, 0, n);
        }
    }

    /** The Content-Length the handler has set so far; checked on every write, as the head may be sent by any. */
    private long declaredBeforeCommit() {
        return sendsBody() ? parseLength(responseHeaders.get("Content-Length")) : -1;
    }

    private boolean sendsBody() {
        return !head.isHead() && HttpStatus.allowsBody(status);
    }

    private static long parseLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
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
                if (aborted) {
                    throw new IOException("connection closed");
                }
                if (completed) {
                    throw new IOException("response already complete");
                }
                long declared = committed ? declaredLength : declaredBeforeCommit();
                if (declared >= 0 && bytesWritten + len > declared) {
                    int fits = (int) Math.max(0, declared - bytesWritten);
                    if (!sendsBody()) {
                        len = fits;  // a HEAD or bodiless answer: nothing reaches the wire, nothing to refuse
                    } else {
                        // Never past the promise: the next response on this connection would start inside this one.
                        write(b, off, fits);
                        closeAfter = true;
                        throw new IOException("response body exceeds its Content-Length of " + declared);
                    }
                }
                bytesWritten += len;
                if (!committed) {
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
                connection.writer().writeBody(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (HttpExchange.this) {
                if (aborted || completed) {
                    return;
                }
                commit();
                connection.writer().flush();
            }
        }
    }
}
