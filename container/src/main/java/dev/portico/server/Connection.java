package dev.portico.server;

import dev.portico.http.HttpException;
import dev.portico.http.InputBuffer;
import dev.portico.http.RequestHead;
import dev.portico.http.RequestParser;
import dev.portico.http.ResponseWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and its loop: read a request head, hand the exchange to the handler, finish the response,
 * and go round again while the connection stays alive. Plain blocking I/O, one straight sequence; how it waits
 * between requests is the server's {@link IdleWait}, how it ends is {@link ConnectionClose}.
 */
final class Connection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** A body left unread by the application is skipped up to this size; beyond it, closing is cheaper. */
    private static final long DRAIN_LIMIT = 256 * 1024;
    /** ... and for up to this long: a client trickling the rest of a body it was not asked for gets no thread. */
    private static final long DRAIN_TIME_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int INPUT_BUFFER = 16 * 1024;
    private static final int OUTPUT_BUFFER = 16 * 1024;
    private static final String HEAD_TIMED_OUT = "request head not received in time";

    /** Where the connection is; changed only through {@link #transition}, and never again once CLOSED. */
    enum Phase { NEW, IDLE, PARKED, READING, HANDLING, UPGRADED, CLOSED }

    private final HttpServer server;
    private final IdleWait idleWait;
    private final SocketChannel channel;
    private final Socket socket;
    /** The TLS layer on an HTTPS port, else null. */
    private final TlsTransport tls;
    private final String id;
    private final InputBuffer input;
    private final RequestParser parser;
    private final ResponseWriter writer;
    private final WatchedOutputStream output;
    private final ConnectionClose closing;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
    private final ReadDeadline readDeadline = new ReadDeadline();
    private volatile long parkDeadlineNanos;
    private byte[] responseBuffer;
    private long requests;
    private HttpExchange resumed;
    private boolean readingHead;
    private long headDeadline;
    /** A TLS handshake began and no request byte came yet: the header timeout already runs (it covers both). */
    private boolean opening;
    private volatile boolean headTimedOut;
    /** The request body whose read is under way, for the watchdog's minimum-rate rule; null between reads. */
    private volatile RequestBody bodyInRead;
    /** Set once the connection switched protocols (RFC 9110 §7.8); from then on it is no longer HTTP. */
    private volatile Upgraded upgraded;

    /** {@code tlsContext} is null on a plain HTTP port. */
    Connection(HttpServer server, SocketChannel channel, long number, TlsContext tlsContext) throws IOException {
        this.server = server;
        this.idleWait = server.idleWait();
        this.channel = channel;
        this.socket = channel.socket();
        this.tls = tlsContext == null ? null : new TlsTransport(tlsContext, socket, this);
        this.id = Long.toString(number);
        this.input = new InputBuffer(streamIn(), INPUT_BUFFER);
        this.parser = new RequestParser(server.options().limits());
        this.output = new WatchedOutputStream(tls == null ? socket.getOutputStream() : tls.output());
        this.writer = new ResponseWriter(output, OUTPUT_BUFFER, server.serverName());
        this.closing = new ConnectionClose(this, socket, input);
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
                closing.reject(408, HEAD_TIMED_OUT);
                return;
            }
            RequestHead head;
            try {
                head = parseBuffered();
            } catch (HttpException e) {
                closing.reject(e.status(), e.getMessage());
                return;
            }
            if (head == null) {
                try {
                    if (!receiveMore()) {
                        return;
                    }
                } catch (TlsTransport.PlainHttpException e) {
                    closing.reject(400, e.getMessage());
                    return;
                }
                continue;
            }
            readingHead = false;
            if (!transition(Phase.HANDLING)) {
                return;
            }
            HttpExchange exchange = new HttpExchange(this, head, ++requests);
            Trace.request(id, requests, head);
            if (!dispatch(exchange) || !afterExchange(exchange)) {
                return;
            }
            if (input.buffered() > 0 && idleWait.yieldThread(this)) {
                return;
            }
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
            // (slowloris) is cut off however steadily it sends. The first head over TLS: from the handshake's start.
            if (!opening) {
                headDeadline = System.nanoTime() + server.options().headerTimeout().toNanos();
            }
            opening = false;
        }
        return parser.isComplete() ? parser.head() : null;
    }

    /**
     * Waits for more bytes of the next request: before its first byte the idle timeout applies, after it the header
     * timeout. @return false if the connection is handed off or has ended
     */
    private boolean receiveMore() throws IOException {
        boolean started = parser.isStarted() || opening;
        long deadline = started ? headDeadline : System.nanoTime() + server.options().idleTimeout().toNanos();
        return idleWait.awaitInput(this, started, deadline);
    }

    /**
     * A read of the next request ran out of time: a half-received head is owed a 408, an idle client nothing, nor
     * a client still in its TLS handshake.
     */
    boolean readTimedOut(boolean midHead) {
        if (midHead && parser.isStarted()) {
            closing.reject(408, HEAD_TIMED_OUT);
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
        if (!readDeadline.claimExpired(now)) {
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
     * wakes with end-of-stream and raises a 408, which the {@link ErrorPolicy} answers.
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

    /**
     * Called by the TLS layer when a handshake record arrives: from now the header timeout bounds the handshake and
     * the first head, also for a read already under way (which waited for the first byte until the idle timeout).
     */
    void tlsHandshakeStarts() {
        opening = true;
        headDeadline = System.nanoTime() + server.options().headerTimeout().toNanos();
        readDeadline.tighten(headDeadline);
    }

    /** {@code planned}, or the header deadline if a TLS handshake began during the read planned with it. */
    long deadlineAfterRead(long planned) {
        return opening && headDeadline - planned < 0 ? headDeadline : planned;
    }

    boolean isTls() {
        return tls != null;
    }

    /** The TLS session, or null on plain HTTP. */
    SSLSession tlsSession() {
        return tls == null ? null : tls.session();
    }

    /** Ends the output (with a TLS close_notify first). */
    void shutdownOutput() throws IOException {
        if (tls == null) {
            socket.shutdownOutput();
        } else {
            tls.shutdownOutput();
        }
    }

    /** The stream of request bytes: the socket's, or the TLS layer's. */
    private InputStream streamIn() throws IOException {
        return tls == null ? socket.getInputStream() : tls.input();
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
            ErrorPolicy.handlerFailed(exchange, t, channel.isOpen());
        }
        if (exchange.isSuspended()) {
            return exchange.handlerReturned();
        }
        exchange.complete();
        return true;
    }

    /** After a response: skip an unread body so the next request parses, or close. @return true to go on */
    private boolean afterExchange(HttpExchange exchange) throws IOException {
        server.exchangeCompleted(exchange);
        if (exchange.closesConnection() || !channel.isOpen()) {
            closing.afterResponse(exchange.bodyFinished());
            return false;
        }
        if (!exchange.bodyFinished()) {
            RequestBody body = exchange.body();
            try {
                if (body.clientAwaitsContinue()
                        || !body.drain(DRAIN_LIMIT, System.nanoTime() + DRAIN_TIME_NANOS)) {
                    closing.afterResponse(exchange.bodyFinished());
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
        Upgraded connection = new Upgraded(this, server, streamIn(), output);
        upgraded = connection;
        if (!transition(Phase.UPGRADED)) {
            return;
        }
        if (server.isStopping()) {
            close();  // a stop that began meanwhile saw a request in flight, not this connection (see BlockingWait)
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

    Phase phase() {
        return phase.get();
    }

    // ---- used by the poller ------------------------------------------------------------------------------------

    /**
     * Marks the connection as waiting in the poller; when it runs next, its first step is the read.
     *
     * @return false if it is closed, and so must not be parked
     */
    boolean parked(long deadline) {
        this.parkDeadlineNanos = deadline;
        return transition(Phase.PARKED);
    }

    long parkDeadlineNanos() {
        return parkDeadlineNanos;
    }

    /** True while part of a request head has arrived: a timeout then owes the client a 408. */
    boolean isMidHead() {
        return readingHead && parser.isStarted();
    }

    /** Called by the poller when a parked head ran out of time; the next run answers 408 and closes. */
    void headTimedOut() {
        headTimedOut = true;
    }

    // ---- used by the exchange, the request body and the watchdog -----------------------------------------------

    HttpServer server() {
        return server;
    }

    ReadDeadline readDeadline() {
        return readDeadline;
    }

    InputBuffer input() {
        return input;
    }

    RequestParser parser() {
        return parser;
    }

    ResponseWriter writer() {
        return writer;
    }

    SocketChannel channel() {
        return channel;
    }

    /** The response buffer is kept per connection, so a keep-alive client costs one allocation, not one per request. */
    byte[] responseBuffer(int size) {
        if (responseBuffer == null || responseBuffer.length < size) {
            responseBuffer = new byte[size];
        }
        return responseBuffer;
    }

    /** Nanos since the current socket write began, or -1 when none is under way. */
    long writeStalledNanos(long now) {
        return output.stalledNanos(now);
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

    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }
}
