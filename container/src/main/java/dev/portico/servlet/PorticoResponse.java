package dev.portico.servlet;

import dev.portico.http.HttpDate;
import dev.portico.server.Exchange;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link HttpServletResponse} over an {@link Exchange}. Headers and status live in the exchange; its buffer is the
 * response buffer. {@link #isCommitted()} is the one place that says whether the head may still change: the exchange
 * has sent it, or the app ended the response (sendError, sendRedirect, closing the stream, a forward) — see
 * {@link State}. While an include runs, head changes are ignored (Servlet 6.1 §9.3). A facade: the body is a {@link
 * ResponseBody}, the text type a {@link ResponseContentType}, the header setters {@link ResponseHeaders}, the
 * trailers {@link ResponseTrailers}.
 */
final class PorticoResponse implements HttpServletResponse {
    /** Whether the app may still produce the response. Anything but OPEN counts as committed for the app. */
    enum State {
        /** The app may set the head (until the exchange commits it) and write the body. */
        OPEN,
        /**
         * The app ended the response (sendRedirect, the end of a forward, closing the stream, the declared
         * Content-Length reached, §5.7): what is buffered goes out and further body writes are ignored.
         */
        CLOSED_BY_APP,
        /** The app called sendError: the error page (§10.9.1) is sent once the app returns. */
        ERROR_PENDING
    }

    private final RequestCycle cycle;
    private final Exchange exchange;
    private final ResponseBody body;
    private final ResponseContentType contentType;
    private final ResponseHeaders headers;
    private final ResponseTrailers trailers;
    private long contentLength = -1;

    private State state = State.OPEN;
    /** Includes running (§9.3): while above 0, the head may not change. */
    int includeDepth;
    private int errorStatus;           // the sendError status, while ERROR_PENDING
    private String errorMessage;

    PorticoResponse(RequestCycle cycle, Exchange exchange) {
        this.cycle = cycle;
        this.exchange = exchange;
        this.body = new ResponseBody(this);
        this.contentType = new ResponseContentType(exchange, cycle.app);
        this.headers = new ResponseHeaders(this, exchange);
        this.trailers = new ResponseTrailers(exchange);
    }

    RequestCycle cycle() {
        return cycle;
    }

    // ---- commit ---------------------------------------------------------------------------------------------

    @Override
    public boolean isCommitted() {
        return state != State.OPEN || exchange.isCommitted();
    }

    /** Whether status and headers may change now. */
    boolean headMutable() {
        return includeDepth == 0 && !isCommitted();
    }

    /** The app ended the response (closed it, redirected, sent an error): no more body is written. */
    boolean isClosedByApp() {
        return state != State.OPEN;
    }

    /** Bytes the app may still write: 0 once closed, else what is left of a declared Content-Length. */
    long room() {
        if (state != State.OPEN) {
            return 0;
        }
        return contentLength < 0 ? Long.MAX_VALUE : contentLength - exchange.bytesWritten();
    }

    /** §5.7: the response is closed once the declared Content-Length has been written. */
    void contentLengthReached() throws IOException {
        closeOutput();
    }

    /** Sends the head and what is buffered now, and ignores further body writes. */
    void closeOutput() throws IOException {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSED_BY_APP;
        send();
    }

    @Override
    public void flushBuffer() throws IOException {
        if (state == State.OPEN) {
            send();
        }
    }

    private void send() throws IOException {
        try {
            exchange.commit();
            exchange.responseBody().flush();
        } catch (IOException e) {
            throw cycle.errors.writeFailed(e);
        }
    }

    @Override
    public void setBufferSize(int size) {
        if (isCommitted()) {
            throw new IllegalStateException("setBufferSize after the response was committed");
        }
        if (exchange.bytesWritten() > 0) {
            throw new IllegalStateException("setBufferSize after content was written");
        }
        exchange.bufferSize(Math.max(size, 1));
    }

    @Override
    public int getBufferSize() {
        return exchange.bufferSize();
    }

    @Override
    public void resetBuffer() {
        if (isCommitted()) {
            throw new IllegalStateException("resetBuffer after the response was committed");
        }
        exchange.resetBuffer();
        body.resetBuffer();
    }

    @Override
    public void reset() {
        if (isCommitted()) {
            throw new IllegalStateException("reset after the response was committed");
        }
        if (includeDepth > 0) {
            return;
        }
        resetBuffer();
        exchange.status(SC_OK);
        exchange.responseHeaders().clear();
        contentType.reset();
        contentLength = -1;
        trailers.forget();
        body.forgetChoice();
    }

    /** Prepares for an error page or the container's error response (§10.9): the app's output is discarded. */
    void resetForError(boolean keepHeaders) {
        state = State.OPEN;
        includeDepth = 0;
        errorStatus = 0;
        if (keepHeaders) {
            resetBuffer();
            contentLength = -1;
            exchange.responseHeaders().remove("Content-Length");
            body.forgetChoice();
        } else {
            reset();
        }
    }

    // ---- body -----------------------------------------------------------------------------------------------

    @Override
    public ServletOutputStream getOutputStream() {
        return body.stream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        body.checkWriterAllowed();
        PrintWriter writer = body.writer();
        if (writer == null) {
            String encoding = getCharacterEncoding();
            Charset cs = HeaderValues.charsetNamed(encoding);
            if (headMutable()) {
                contentType.writerEncoding(encoding);    // §5.6: the encoding in use is now fixed
            }
            writer = body.openWriter(cs);
        }
        return writer;
    }

    // ---- content type and encoding ----------------------------------------------------------------------------

    @Override
    public void setContentType(String type) {
        if (headMutable()) {
            contentType.setContentType(type == null ? null : ResponseHeaders.checked(type), body.isUsingWriter());
        }
    }

    @Override
    public String getContentType() {
        return contentType.contentType();
    }

    @Override
    public void setCharacterEncoding(String encoding) {
        if (headMutable() && !body.isUsingWriter()) {
            contentType.setCharacterEncoding(encoding == null ? null : ResponseHeaders.checked(encoding));
        }
    }

    @Override
    public String getCharacterEncoding() {
        return contentType.characterEncoding();
    }

    @Override
    public void setLocale(Locale loc) {
        if (headMutable() && loc != null) {
            contentType.setLocale(loc, body.isUsingWriter());
        }
    }

    @Override
    public Locale getLocale() {
        return contentType.locale();
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (!headMutable()) {
            return;
        }
        contentLength = Math.max(len, -1);
        exchange.contentLength(contentLength);  // the server holds the body to it, and shows it as the header
    }

    // ---- status and headers -----------------------------------------------------------------------------------

    @Override
    public void setStatus(int sc) {
        if (headMutable()) {
            exchange.status(sc);
        }
    }

    @Override
    public int getStatus() {
        return exchange.status();
    }

    @Override
    public void setHeader(String name, String value) {
        headers.set(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        headers.add(name, value);
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, HttpDate.format(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, HttpDate.format(date));
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public boolean containsHeader(String name) {
        return exchange.responseHeaders().contains(name);
    }

    @Override
    public String getHeader(String name) {
        return exchange.responseHeaders().get(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return new ArrayList<>(exchange.responseHeaders().getAll(name));
    }

    @Override
    public Collection<String> getHeaderNames() {
        return new ArrayList<>(exchange.responseHeaders().names());
    }

    @Override
    public void addCookie(Cookie cookie) {
        headers.addCookie(cookie);
    }

    /** The session cookie may be added even from an include (§9.3, getSession is the exception). */
    void setSessionCookie(String cookieName, String value) {
        headers.setSessionCookie(cookieName, value);
    }

    // ---- URL encoding (§7.1.3): the session id goes into links while the client has not shown it keeps cookies -

    @Override
    public String encodeURL(String url) {
        return url == null ? null : SessionUrls.encode(url, cycle.request, cycle.app);
    }

    @Override
    public String encodeRedirectURL(String url) {
        return encodeURL(url);
    }

    // ---- errors and redirects ---------------------------------------------------------------------------------

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    /** Records the error; the container sends the error page once the app returns (§10.9.1). */
    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("sendError after the response was committed");
        }
        if (includeDepth > 0) {
            return;
        }
        resetBuffer();
        exchange.status(sc);
        errorStatus = sc;
        errorMessage = msg;
        state = State.ERROR_PENDING;
    }

    boolean errorPending() {
        return state == State.ERROR_PENDING;
    }

    int errorStatus() {
        return errorStatus;
    }

    String errorMessage() {
        return errorMessage;
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("sendRedirect after the response was committed");
        }
        if (includeDepth > 0) {
            return;
        }
        if (location == null) {
            throw new IllegalArgumentException("redirect location is null");
        }
        if (clearBuffer) {
            resetBuffer();
        }
        exchange.status(sc);
        exchange.responseHeaders().set("Location", ResponseHeaders.checked(cycle.request.absoluteUrl(location)));
        state = State.CLOSED_BY_APP;
    }

    // ---- trailers --------------------------------------------------------------------------------------------

    @Override
    public void setTrailerFields(Supplier<Map<String, String>> supplier) {
        if (isCommitted()) {
            throw new IllegalStateException("setTrailerFields after the response was committed");
        }
        trailers.set(supplier);
    }

    @Override
    public Supplier<Map<String, String>> getTrailerFields() {
        return trailers.get();
    }

    /** At the end of the request: a non-blocking write in progress lands first, then the trailers' chunked head. */
    void beforeRequestEnds() throws IOException {
        body.awaitWritten();
        trailers.commitChunked(contentLength);
    }
}
