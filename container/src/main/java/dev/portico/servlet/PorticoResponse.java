package dev.portico.servlet;

import dev.portico.http.HttpDate;
import dev.portico.http.HttpFields;
import dev.portico.http.HttpVersion;
import dev.portico.server.Exchange;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link HttpServletResponse} over an {@link Exchange}. Headers and status live in the exchange; its buffer is the
 * response buffer. {@link #isCommitted()} is the one place that says whether the head may still change: the exchange
 * has sent it, or the app ended the response (sendError, sendRedirect, close, forward). While an include runs, head
 * changes are ignored (Servlet 6.1 §9.3).
 */
final class PorticoResponse implements HttpServletResponse {
    private static final String ISO_8859_1 = "ISO-8859-1";

    private final RequestCycle cycle;
    private final Exchange exchange;
    private ResponseOutput output;
    private PrintWriter writer;
    private ResponseCharWriter responseWriter;
    private boolean usingStream;
    private boolean usingWriter;

    private String mediaType;          // Content-Type without charset, or null
    private String charset;            // set by setContentType/setCharacterEncoding/setLocale/getWriter, or null
    /** The charset came from setLocale's mapping: a later setLocale may replace it, unlike an explicit one. */
    private boolean charsetFromLocale;
    private Locale locale;
    private long contentLength = -1;

    /** The app ended the response: it counts as committed and further body writes are ignored. */
    private boolean closed;
    int includeDepth;
    private int errorStatus;           // sendError status waiting for the error page, or 0
    private String errorMessage;
    private Supplier<Map<String, String>> trailers;

    PorticoResponse(RequestCycle cycle, Exchange exchange) {
        this.cycle = cycle;
        this.exchange = exchange;
    }

    Exchange exchange() {
        return exchange;
    }

    RequestCycle cycle() {
        return cycle;
    }

    // ---- commit ---------------------------------------------------------------------------------------------

    @Override
    public boolean isCommitted() {
        return closed || exchange.isCommitted();
    }

    /** Whether status and headers may change now. */
    private boolean headMutable() {
        return includeDepth == 0 && !isCommitted();
    }

    boolean isSuspended() {
        return closed;
    }

    /** Bytes the app may still write: 0 once closed, else what is left of a declared Content-Length. */
    long room() {
        if (closed) {
            return 0;
        }
        return contentLength < 0 ? Long.MAX_VALUE : contentLength - exchange.bytesWritten();
    }

    /** §5.7: the response is closed once the declared Content-Length has been written. */
    void contentLengthReached() throws IOException {
        closeOutput();
    }

    IOException clientGone(IOException e) {
        cycle.clientGone = true;
        return e;
    }

    /** Sends the head and what is buffered now, and ignores further body writes. */
    void closeOutput() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            exchange.commit();
            exchange.responseBody().flush();
        } catch (IOException e) {
            throw clientGone(e);
        }
    }

    /** The response is complete from the app's point of view (end of a forward, sendRedirect): no more output. */
    void close() {
        closed = true;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (closed) {
            return;
        }
        try {
            exchange.commit();
            exchange.responseBody().flush();
        } catch (IOException e) {
            throw clientGone(e);
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
        if (responseWriter != null) {
            responseWriter.reset();
        }
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
        mediaType = null;
        charset = null;
        charsetFromLocale = false;
        locale = null;
        contentLength = -1;
        trailers = null;
        // Servlet 6.0+: the choice between getWriter and getOutputStream is forgotten as well
        usingStream = false;
        usingWriter = false;
        writer = null;
        responseWriter = null;
    }

    /** Prepares for an error page or the container's error response (§10.9): the app's output is discarded. */
    void resetForError(boolean keepHeaders) {
        closed = false;
        includeDepth = 0;
        errorStatus = 0;
        if (keepHeaders) {
            resetBuffer();
            contentLength = -1;
            exchange.responseHeaders().remove("Content-Length");
            usingStream = false;
            usingWriter = false;
            writer = null;
            responseWriter = null;
        } else {
            reset();
        }
    }

    // ---- body -----------------------------------------------------------------------------------------------

    private ResponseOutput output() {
        if (output == null) {
            output = new ResponseOutput(this, exchange.responseBody());
        }
        return output;
    }

    ResponseOutput outputIfCreated() {
        return output;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (usingWriter) {
            throw new IllegalStateException("getWriter() has already been called for this response");
        }
        usingStream = true;
        return output();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (usingStream) {
            throw new IllegalStateException("getOutputStream() has already been called for this response");
        }
        if (writer == null) {
            String encoding = getCharacterEncoding();
            Charset cs = charsetFor(encoding);
            if (charset == null && includeDepth == 0 && !isCommitted()) {
                charset = encoding;    // §5.6: the encoding in use is now fixed and shows in Content-Type
                updateContentType();
            }
            usingWriter = true;
            responseWriter = new ResponseCharWriter(output(), cs);
            writer = new PrintWriter(responseWriter, false);
        }
        return writer;
    }

    static Charset charsetFor(String name) throws UnsupportedEncodingException {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException(name);
        }
    }

    boolean isUsingWriter() {
        return usingWriter;
    }

    // ---- content type and encoding ----------------------------------------------------------------------------

    @Override
    public void setContentType(String type) {
        if (!headMutable()) {
            return;
        }
        if (type == null) {
            mediaType = null;
            if (!usingWriter) {
                charset = null;
                charsetFromLocale = false;
            }
            exchange.responseHeaders().remove("Content-Type");
            return;
        }
        checkValue(type);
        String cs = HeaderValues.charset(type);
        mediaType = HeaderValues.withoutCharset(type);
        if (cs != null && !usingWriter) {
            charset = cs;
            charsetFromLocale = false;
        }
        updateContentType();
    }

    @Override
    public String getContentType() {
        if (mediaType == null) {
            return null;
        }
        String cs = charset != null ? charset : cycle.app.responseCharacterEncoding();
        return cs == null ? mediaType : mediaType + ";charset=" + cs;
    }

    private void updateContentType() {
        String value = getContentType();
        if (value == null) {
            exchange.responseHeaders().remove("Content-Type");
        } else {
            exchange.responseHeaders().set("Content-Type", value);
        }
    }

    @Override
    public void setCharacterEncoding(String encoding) {
        if (!headMutable() || usingWriter) {
            return;
        }
        charset = encoding == null ? null : checkValue(encoding);
        charsetFromLocale = false;
        updateContentType();
    }

    @Override
    public String getCharacterEncoding() {
        if (charset != null) {
            return charset;
        }
        String contextDefault = cycle.app.responseCharacterEncoding();
        return contextDefault != null ? contextDefault : ISO_8859_1;
    }

    /**
     * §5.6: sets Content-Language, and the charset from the locale-encoding mapping unless the app chose one with
     * setCharacterEncoding or a Content-Type charset, or getWriter fixed it; a charset an earlier setLocale chose
     * is replaced.
     */
    @Override
    public void setLocale(Locale loc) {
        if (!headMutable() || loc == null) {
            return;
        }
        locale = loc;
        exchange.responseHeaders().set("Content-Language", loc.toLanguageTag());
        if (usingWriter || (charset != null && !charsetFromLocale)) {
            return;
        }
        String mapped = cycle.app.localeEncodings.charsetFor(loc);
        if (mapped != null) {
            charset = mapped;
            charsetFromLocale = true;
            updateContentType();
        }
    }

    @Override
    public Locale getLocale() {
        return locale != null ? locale : Locale.getDefault();
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
        if (name == null || !headMutable() || special(name, value)) {
            return;
        }
        if (value == null) {
            exchange.responseHeaders().remove(name);
        } else {
            exchange.responseHeaders().set(name, checkValue(value));
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (name == null || value == null || !headMutable() || special(name, value)) {
            return;
        }
        exchange.responseHeaders().add(name, checkValue(value));
    }

    /** Content-Type and Content-Length set as headers go through their own setters so the state stays one. */
    private boolean special(String name, String value) {
        if (name.equalsIgnoreCase("Content-Type")) {
            setContentType(value);
            return true;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            if (value == null) {
                setContentLengthLong(-1);
            } else {
                try {
                    setContentLengthLong(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Content-Length is not a number: " + value);
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A CR or LF in a value would let the app (or its user) split the response (the writer's last line of defence
     * turns them into spaces: a garbled header instead). The one check for every setter that ends in a header:
     * setHeader/addHeader, setContentType, setCharacterEncoding, addCookie, sendRedirect.
     */
    private static String checkValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header value contains CR, LF or NUL");
            }
        }
        return value;
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
        if (headMutable()) {
            exchange.responseHeaders().add("Set-Cookie", checkValue(Cookies.format(cookie)));
        }
    }

    /** The session cookie may be added even from an include (§9.3, getSession is the exception). */
    void setSessionCookie(String cookieName, String value) {
        if (exchange.isCommitted()) {
            return;
        }
        HttpFields headers = exchange.responseHeaders();
        List<String> kept = new ArrayList<>();
        for (String v : headers.getAll("Set-Cookie")) {
            if (!v.startsWith(cookieName + "=")) {
                kept.add(v);
            }
        }
        headers.remove("Set-Cookie");
        for (String v : kept) {
            headers.add("Set-Cookie", v);
        }
        headers.add("Set-Cookie", value);
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
        closed = true;
    }

    boolean errorPending() {
        return errorStatus != 0;
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
        exchange.responseHeaders().set("Location", checkValue(cycle.request.absoluteUrl(location)));
        closed = true;
    }

    // ---- trailers --------------------------------------------------------------------------------------------

    @Override
    public void setTrailerFields(Supplier<Map<String, String>> supplier) {
        if (isCommitted()) {
            throw new IllegalStateException("setTrailerFields after the response was committed");
        }
        if (exchange.request().version() != HttpVersion.HTTP_1_1) {
            throw new IllegalStateException("trailer fields need HTTP/1.1 chunked encoding");
        }
        trailers = supplier;
        exchange.trailers(supplier);
    }

    @Override
    public Supplier<Map<String, String>> getTrailerFields() {
        return trailers;
    }

    /**
     * At the end of the request: a non-blocking write in progress lands first; trailers need a chunked body, so the
     * head goes out without Content-Length.
     */
    void finish() throws IOException {
        if (output != null) {
            output.awaitWritten();
        }
        if (trailers != null && !exchange.isCommitted() && contentLength < 0) {
            exchange.commit();
        }
    }
}
