package dev.portico.server;

import dev.portico.http.HttpException;
import dev.portico.http.HttpFields;
import dev.portico.http.HttpLimits;
import dev.portico.http.InputBuffer;
import dev.portico.http.RequestHead;
import dev.portico.http.RequestParser;
import dev.portico.http.ResponseWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and its loop: read a request head, hand the exchange to the handler, finish the response,
 * and go round again while the connection stays alive. Plain blocking I/O, one straight sequence.
 */
final class Connection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final Logger trace = LoggerFactory.getLogger("dev.portico.trace");
    /** A body left unread by the application is skipped up to this size; beyond it, closing is cheaper. */
    private static final long DRAIN_LIMIT = 256 * 1024;
    /** ... and for up to this long: a client trickling the rest of a body it was not asked for gets no thread. */
    private static final long DRAIN_TIME_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int INPUT_BUFFER = 16 * 1024;
    private static final int OUTPUT_BUFFER = 16 * 1024;
    /** How long a pool thread waits for a keep-alive client's next request before parking the connection. */
    private static final int LINGER_BEFORE_PARK_MILLIS = 2;

    /** Where the connection is; changed only through {@link #transition}, and never again once CLOSED. */
    enum Phase { NEW, IDLE, PARKED, READING, HANDLING, UPGRADED, CLOSED }

    /** The value of {@link #readDeadline} once the watchdog has claimed the read under way as timed out. */
    private static final long READ_CUT = Long.MIN_VALUE;

    private final HttpServer server;
    private final SocketChannel channel;
    private final Socket socket;
    private final String id;
    private final InputBuffer input;
    private final RequestParser parser;
    private final ResponseWriter writer;
    private final WatchedOutputStream output;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
    private volatile long parkDeadlineNanos;
    private byte[] responseBuffer;
    private long requests;
    private HttpExchange resumed;
    private boolean readingHead;
    private long headDeadline;
    private volatile boolean headTimedOut;
    /**
     * Deadline of the head or idle read under way (System.nanoTime), 0 when none, or {@link #READ_CUT}: the watchdog
     * and the reader each take the read with one atomic step, so a cut belongs to exactly one read.
     */
    private final AtomicLong readDeadline = new AtomicLong();
    /** The request body whose read is under way, for the watchdog's minimum-rate rule; null between reads. */
    private volatile RequestBody bodyInRead;
    /** Set once the connection switched protocols (RFC 9110 §7.8); from then on it is no longer HTTP. */
    private volatile Upgraded upgraded;

    Connection(HttpServer server, SocketChannel channel, long number) throws IOException {
        this.server = server;
        this.channel = channel;
        this.socket = channel.socket();
        this.id = Long.toString(number);
        this.input = new InputBuffer(socket.getInputStream(), INPUT_BUFFER);
        this.parser = new RequestParser(server.options().limits());
        this.output = new WatchedOutputStream(socket.getOutputStream());
        this.writer = new ResponseWriter(output, OUTPUT_BUFFER, server.serverName());
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void run() {
        Upgraded protocol = upgraded;
        if (protocol != null) {
            protocol.runReadable();  // the poller saw input for the new protocol
            return;
        }
        try {
            HttpExchange pending = resumed;
            if (pending != null) {
                resumed = null;
                if (!afterExchange(pending)) {
                    return;
                }
            }
            loop();
        } catch (IOException | RuntimeException | Error e) {
            if (phase.get() != Phase.CLOSED) {
                log.debug("connection {} ended: {}", id, e.toString());
            }
            close();
        }
    }

    private void loop() throws IOException {
        while (true) {
            if (!readingHead) {
                parser.reset();
                readingHead = true;
            }
            // After the reset: the parser of the request just answered would count as a request started.
            if (!channel.isOpen() || (server.isStopping() && !parser.isStarted())) {
                close();
                return;
            }
            if (headTimedOut) {
                rejectAndClose(408, "request head not received in time");
                return;
            }
            RequestHead head;
            try {
                head = parseBuffered();
            } catch (HttpException e) {
                rejectAndClose(e.status(), e.getMessage());
                return;
            }
            if (head == null) {
                if (!receiveMore()) {
                    return;
                }
                continue;
            }
            readingHead = false;
            if (!transition(Phase.HANDLING)) {
                return;
            }
            HttpExchange exchange = new HttpExchange(this, head, ++requests);
            traceRequest(head);
            if (!dispatch(exchange) || !afterExchange(exchange)) {
                return;
            }
            if (input.buffered() > 0 && server.connectionsAwaitThreads()) {
                // A pipelining client has its next request here already; it is served after those queued for a
                // thread, as an idle one would be after the poller (see receiveMore).
                server.execute(this);
                return;
            }
        }
    }

    /**
     * Waits a moment on the socket before handing an idle connection to the poller: a busy keep-alive client's next
     * request usually arrives within it, and a short timed read costs far less than a trip through the selector and
     * back to the pool. An idle client costs its thread only this long.
     *
     * @return the bytes that arrived, 0 if none did in time, -1 if the client closed (and so did we)
     */
    private int awaitBriefly() throws IOException {
        socket.setSoTimeout(LINGER_BEFORE_PARK_MILLIS);
        try {
            int n = input.fill();
            if (n < 0) {
                close();
            } else if (!transition(Phase.READING)) {
                return -1;
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    /** Feeds buffered bytes to the parser. @return the head once complete, else null (more bytes needed) */
    private RequestHead parseBuffered() throws HttpException {
        if (input.buffered() == 0) {
            return null;
        }
        boolean started = parser.isStarted();
        input.position(parser.parse(input.array(), input.position(), input.limit()));
        if (!started && parser.isStarted()) {
            // The header timeout runs from the first byte of the head: a client trickling a head byte by byte
            // (slowloris) is cut off however steadily it sends.
            headDeadline = System.nanoTime() + server.options().headerTimeout().toNanos();
        }
        return parser.isComplete() ? parser.head() : null;
    }

    /**
     * Waits for more bytes of the next request: before its first byte the idle timeout applies, after it the header
     * timeout. On the platform pool the connection waits in the poller without a thread, so neither idle nor slow
     * clients can starve the pool; on a virtual thread it simply blocks.
     *
     * @return false if the connection is handed to the poller or has ended
     */
    private boolean receiveMore() throws IOException {
        boolean started = parser.isStarted();
        long deadline = started ? headDeadline : System.nanoTime() + server.options().idleTimeout().toNanos();
        if (server.parksIdleConnections() && phase.get() != Phase.PARKED) {
            // While other connections queue for a thread, go to the back of the line through the poller: a client
            // that always has its next request ready must not keep a thread for good (with more busy connections
            // than threads, the rest would wait until one of them paused).
            int arrived = started || server.connectionsAwaitThreads() ? 0 : awaitBriefly();
            if (arrived > 0) {
                return true;
            }
            if (arrived == 0) {
                server.poller().park(this, deadline);
            }
            return false;
        }
        if (!transition(started ? Phase.READING : Phase.IDLE)) {
            return false;
        }
        if (!started && server.isStopping()) {
            // A stop that began meanwhile saw this connection busy and left it; it is idle now (the stop sets its
            // flag before looking at phases, we set the phase before looking at the flag: one of us sees the other).
            close();
            return false;
        }
        if (deadline - System.nanoTime() <= 0) {
            return readTimedOut(started);
        }
        // An untimed read: the server's watchdog enforces the deadline (enforceReadDeadline). On a virtual thread a
        // timed read would cost a scheduler task per request.
        socket.setSoTimeout(0);
        readDeadline.set(deadline);
        int n;
        try {
            n = input.fill();
        } catch (IOException e) {
            if (readDeadline.getAndSet(0) == READ_CUT) {
                return readTimedOut(started);
            }
            throw e;
        }
        if (readDeadline.getAndSet(0) == READ_CUT) {
            return readTimedOut(started);  // the watchdog took this read, even if bytes came in just in time
        }
        if (n < 0) {
            close();  // the client went away, perhaps in the middle of a head: nothing to answer
            return false;
        }
        return transition(Phase.READING);
    }

    private boolean readTimedOut(boolean midHead) {
        if (midHead) {
            rejectAndClose(408, "request head not received in time");
        } else {
            close();
        }
        return false;
    }

    /**
     * Called by the watchdog: ends a read whose deadline passed. An idle connection is closed; a half-received head
     * has its input shut down, which wakes the reader with end-of-stream so that it can still answer 408.
     */
    void enforceReadDeadline(long now) {
        long deadline = readDeadline.get();
        if (deadline == 0 || deadline == READ_CUT || now - deadline <= 0
                || !readDeadline.compareAndSet(deadline, READ_CUT)) {
            return;
        }
        if (parser.isStarted()) {
            cutInput();
        } else {
            close();
        }
    }

    /**
     * Called by the watchdog: ends a body read that shows the body arriving slower than the minimum rate. The reader
     * wakes with end-of-stream and raises a 408, which the one error path ({@link #handleFailure}) answers.
     */
    void enforceBodyRate(long now) {
        RequestBody body = bodyInRead;
        if (body != null && body.cutIfTooSlow(now)) {
            log.debug("connection {}: request body too slow; cutting it off", id);
            cutInput();
        }
    }

    /** Wakes a blocked reader with end-of-stream, leaving the output open for the 408. */
    private void cutInput() {
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            close();
        }
    }

    void bodyReadStarts(RequestBody body) {
        bodyInRead = body;
    }

    void bodyReadEnds() {
        bodyInRead = null;
    }

    /** Bounds the next socket reads by a deadline. @return false if it has passed */
    boolean limitReadsUntil(long deadline) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        socket.setSoTimeout(millis(remaining));
        return true;
    }

    /**
     * Runs the handler. @return true if the exchange is finished and the loop may go on; false if the exchange was
     * suspended (its completion resumes the connection) or the connection closed.
     */
    private boolean dispatch(HttpExchange exchange) {
        try {
            socket.setSoTimeout(millis(server.options().idleTimeout().toNanos()));
            server.handler().handle(exchange);
        } catch (Throwable t) {
            handleFailure(exchange, t);
        }
        if (exchange.isSuspended()) {
            return exchange.handlerReturned();
        }
        exchange.complete();
        return true;
    }

    /** The one error policy: an unanswered request gets the error status; a committed one loses its connection. */
    private void handleFailure(HttpExchange exchange, Throwable t) {
        if (t instanceof HttpException e) {
            exchange.closeAfterResponse();
            exchange.fail(e.status(), e.getMessage());
        } else if (t instanceof IOException && !channel.isOpen()) {
            log.debug("client went away during {}: {}", exchange.request(), t.toString());
            exchange.abort();
        } else {
            log.error("request '{}' failed", exchange.request(), t);
            exchange.fail(500, null);
        }
        if (t instanceof Error && !(t instanceof StackOverflowError)) {
            exchange.closeAfterResponse();
        }
    }

    /** After a response: skip an unread body so the next request parses, or close. @return true to go on */
    private boolean afterExchange(HttpExchange exchange) throws IOException {
        server.exchangeCompleted(exchange);
        if (exchange.closesConnection() || !channel.isOpen()) {
            closeAfterResponse(exchange);
            return false;
        }
        if (!exchange.bodyFinished()) {
            RequestBody body = exchange.body();
            try {
                if (body.clientAwaitsContinue()
                        || !body.drain(DRAIN_LIMIT, System.nanoTime() + DRAIN_TIME_NANOS)) {
                    closeAfterResponse(exchange);
                    return false;
                }
            } catch (IOException e) {
                close();
                return false;
            }
        }
        if (exchange.upgradeProtocol() != null && exchange.status() == 101) {
            // After the request's body, not before: the body is still HTTP, the new protocol starts behind it.
            switchProtocols(exchange.upgradeProtocol());
            return false;
        }
        return true;
    }

    /**
     * Hands the connection to the protocol the handler switched to. The bytes still in the input buffer came after
     * the upgrade request, so they are the new protocol's first bytes. No HTTP timeout applies from here on: the
     * watchdog sets no read deadline, the socket no timeout, and the poller expires no upgraded connection.
     */
    private void switchProtocols(Consumer<UpgradedConnection> protocol) throws IOException {
        socket.setSoTimeout(0);
        Upgraded connection = new Upgraded(this, server, socket.getInputStream(), output);
        upgraded = connection;
        if (!transition(Phase.UPGRADED)) {
            return;
        }
        if (server.isStopping()) {
            close();  // a stop that began meanwhile saw a request in flight, not this connection (see receiveMore)
            return;
        }
        try {
            protocol.accept(connection);
        } catch (RuntimeException | Error e) {
            log.warn("connection {}: the upgraded protocol failed to start", id, e);
            close();
        }
    }

    boolean isUpgraded() {
        return upgraded != null;
    }

    /** Resumes the loop after a suspended exchange completed on another thread. */
    void resume(HttpExchange exchange) {
        resumed = exchange;
        server.execute(this);
    }

    private void rejectAndClose(int status, String message) {
        log.debug("connection {}: {} {}", id, status, message);
        HttpFields headers = new HttpFields(4);
        byte[] body = (status + " " + dev.portico.http.HttpStatus.reason(status) + ": " + message + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        headers.add("Content-Type", "text/plain;charset=UTF-8");
        headers.add("Content-Length", Integer.toString(body.length));
        headers.add("Connection", "close");
        try {
            writer.writeHead(status, headers, ResponseWriter.Framing.LENGTH);
            writer.writeBody(body, 0, body.length);
            writer.flush();
            if (status == 408) {
                close();  // a client that timed out is not sending a body: no need to linger
            } else {
                lingeringClose();
            }
        } catch (IOException e) {
            close();
        }
    }

    private void closeAfterResponse(HttpExchange exchange) {
        if (exchange.bodyFinished()) {
            close();
        } else {
            lingeringClose();
        }
    }

    /**
     * Closes after a response while the client may still be sending: shut down output first and read what is in
     * flight for a moment, so the client gets the response before a reset (RFC 9112 §9.6).
     */
    private void lingeringClose() {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(200);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            byte[] discard = input.array();
            var in = socket.getInputStream();
            long total = 0;
            while (System.nanoTime() < until && total < DRAIN_LIMIT) {
                int n = in.read(discard, 0, discard.length);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            // the client is gone, which is all we were waiting for
        } finally {
            close();
        }
    }

    void close() {
        Upgraded protocol = upgraded;
        if (protocol != null) {
            protocol.closing();  // the protocol hears of it first, while it could still say goodbye
        }
        if (!transition(Phase.CLOSED)) {
            return;  // closed already, by this thread or another
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing connection {}: {}", id, e.toString());
        } finally {
            server.connectionClosed(this);  // whatever the close threw, the slot is given back
            if (protocol != null) {
                protocol.closed();
            }
        }
    }

    // ---- used by the exchange, poller and server -----------------------------------------------------------------

    InputBuffer input() {
        return input;
    }

    RequestParser parser() {
        return parser;
    }

    ResponseWriter writer() {
        return writer;
    }

    HttpLimits limits() {
        return server.options().limits();
    }

    ServerOptions options() {
        return server.options();
    }

    boolean isStopping() {
        return server.isStopping();
    }

    /** The response buffer is kept per connection, so a keep-alive client costs one allocation, not one per request. */
    byte[] responseBuffer(int size) {
        if (responseBuffer == null || responseBuffer.length < size) {
            responseBuffer = new byte[size];
        }
        return responseBuffer;
    }

    SocketChannel channel() {
        return channel;
    }

    Phase phase() {
        return phase.get();
    }

    /**
     * The one way the phase changes. The connection's thread, the poller, the watchdog and a stop all move it; the
     * only rule is that CLOSED is final, so a close by one of them can never be undone by another.
     *
     * @return false if the connection is closed
     */
    boolean transition(Phase to) {
        Phase current;
        do {
            current = phase.get();
            if (current == Phase.CLOSED) {
                return false;
            }
        } while (!phase.compareAndSet(current, to));
        return true;
    }

    long parkDeadlineNanos() {
        return parkDeadlineNanos;
    }

    /**
     * Marks the connection as waiting in the poller; when it runs next, its first step is the read.
     *
     * @return false if it is closed, and so must not be parked
     */
    boolean parked(long deadline) {
        this.parkDeadlineNanos = deadline;
        return transition(Phase.PARKED);
    }

    /** True while part of a request head has arrived: a timeout then owes the client a 408. */
    boolean isMidHead() {
        return readingHead && parser.isStarted();
    }

    /** Called by the poller when a parked head ran out of time; the next run answers 408 and closes. */
    void headTimedOut() {
        headTimedOut = true;
    }

    /** Nanos since the current socket write began, or -1 when none is under way. */
    long writeStalledNanos(long now) {
        long started = output.writeStarted;
        return started == 0 ? -1 : now - started;
    }

    String id() {
        return id;
    }

    InetSocketAddress remoteAddress() {
        return remote;
    }

    InetSocketAddress localAddress() {
        return local;
    }

    private void traceRequest(RequestHead head) {
        if (trace.isDebugEnabled()) {
            trace.debug("[{}#{}] → {}\n{}", id, requests, head, head.headers());
        }
    }

    void traceResponse(HttpExchange exchange) {
        if (trace.isDebugEnabled()) {
            trace.debug("[{}#{}] ← HTTP/1.1 {}\n{}", id, exchange.requestNumber(), exchange.status(),
                    exchange.responseHeaders());
        }
    }

    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }

    /** Marks when a blocking write began, so the watchdog can cut off a client that stopped reading. */
    private static final class WatchedOutputStream extends OutputStream {
        private final OutputStream out;
        volatile long writeStarted;

        WatchedOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeStarted = System.nanoTime();
            try {
                out.write(b, off, len);
            } finally {
                writeStarted = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
