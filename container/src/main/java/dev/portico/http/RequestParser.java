package dev.portico.http;

import java.nio.charset.StandardCharsets;

/**
 * An incremental parser of one request head: request line and header section (RFC 9112 §2–§5). Feed it bytes in any
 * split with {@link #parse}; it consumes up to the end of the head and no further, so what follows (the body, or the
 * next pipelined request) stays in the caller's buffer. One parser serves a connection; {@link #reset()} between
 * requests. The head it returns shares the parser's header-field storage, so it is valid until the next
 * request's header section starts.
 *
 * <p>Strict by design: every leniency a request-smuggling attack relies on (bare LF, obs-fold, whitespace before the
 * colon, conflicting lengths, Transfer-Encoding with Content-Length) is a 400, never a guess.
 */
public final class RequestParser {

    private enum State {
        /** Waiting for the request line; empty lines before it are skipped (RFC 9112 §2.2). */
        START,
        /** After a CR of a leading empty line: an LF must follow. */
        START_LF,
        /** method = token, ended by one SP. */
        METHOD,
        /** request-target, ended by one SP. */
        TARGET,
        /** HTTP-version, ended by CR. */
        VERSION,
        /** After the request line's CR: an LF must follow. */
        REQUEST_LINE_LF,
        /** At the start of a line in the header section: a field name or the empty line that ends it. */
        FIELD_START,
        /** field-name = token, ended by ':'. */
        FIELD_NAME,
        /** Optional whitespace after the colon. */
        FIELD_VALUE_START,
        /** field-value, ended by CR. */
        FIELD_VALUE,
        /** After a field line's CR: an LF must follow. */
        FIELD_LF,
        /** After the CR of the empty line: an LF must follow, and the head is complete. */
        END_LF,
        COMPLETE
    }

    private static final int MAX_LEADING_EMPTY_LINES = 4;

    private final HttpLimits limits;
    /** Holds the token being read; grows on demand up to the limits, so an idle connection costs little. */
    private byte[] scratch = new byte[256];
    private final int scratchMax;
    private int scratchLength;
    private State state = State.START;
    private int requestLineBytes;
    private int headerBytes;
    private int leadingEmptyLines;
    private String method;
    private String target;
    private HttpVersion version;
    /** The HTTP-version as received: {@code version}'s text, or a higher 1.x processed as 1.1. */
    private String protocol;
    private HttpFields fields;
    /** Reused for every request's header fields: values stay bytes until asked for, so parsing allocates nothing. */
    private final HttpFields requestFields = new HttpFields();
    private String fieldName;
    private RequestHead head;
    private boolean trailerMode;

    public RequestParser(HttpLimits limits) {
        this.limits = limits;
        this.scratchMax = Math.max(limits.maxRequestLine(), limits.maxHeaderBytes()) + 1;
    }

    public HttpLimits limits() {
        return limits;
    }

    /** Makes the parser ready for the next request on the same connection. */
    public void reset() {
        state = State.START;
        scratchLength = 0;
        requestLineBytes = 0;
        headerBytes = 0;
        leadingEmptyLines = 0;
        method = null;
        target = null;
        version = null;
        protocol = null;
        fields = null;
        fieldName = null;
        head = null;
        trailerMode = false;
    }

    /**
     * Readies the parser for the trailer section of a chunked body (RFC 9112 §7.1.2), which has the grammar and the
     * limits of a header section.
     */
    public void startTrailers() {
        reset();
        trailerMode = true;
        fields = new HttpFields(4);
        state = State.FIELD_START;
    }

    /** The trailer fields, once a trailer section is complete. */
    public HttpFields trailers() {
        return fields;
    }

    /** True once any byte of a request has been consumed: from then on the header timeout applies. */
    public boolean isStarted() {
        return state != State.START || leadingEmptyLines > 0;
    }

    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    /** The parsed head, once {@link #isComplete()}. */
    public RequestHead head() {
        return head;
    }

    /**
     * Consumes bytes of {@code buf[pos, limit)} up to the end of the head.
     *
     * @return the index of the first byte not consumed
     * @throws HttpException when the bytes cannot be a valid request head, with the status to answer
     */
    public int parse(byte[] buf, int pos, int limit) throws HttpException {
        while (pos < limit && state != State.COMPLETE) {
            switch (state) {
                case START -> pos = start(buf, pos);
                case START_LF -> {
                    expectLf(buf[pos++]);
                    state = State.START;
                }
                case METHOD -> pos = method(buf, pos, limit);
                case TARGET -> pos = target(buf, pos, limit);
                case VERSION -> pos = version(buf, pos, limit);
                case REQUEST_LINE_LF -> {
                    expectLf(buf[pos++]);
                    requestFields.clear();
                    fields = requestFields;
                    state = State.FIELD_START;
                }
                case FIELD_START -> pos = fieldStart(buf, pos);
                case FIELD_NAME -> pos = fieldName(buf, pos, limit);
                case FIELD_VALUE_START -> pos = fieldValueStart(buf, pos, limit);
                case FIELD_VALUE -> pos = fieldValue(buf, pos, limit);
                case FIELD_LF -> {
                    countHeaderBytes(1);
                    expectLf(buf[pos++]);
                    state = State.FIELD_START;
                }
                case END_LF -> {
                    countHeaderBytes(1);
                    expectLf(buf[pos++]);
                    if (!trailerMode) {
                        head = RequestHeadValidator.validate(method, target, version, protocol, fields, limits);
                    }
                    state = State.COMPLETE;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return pos;
    }

    private int start(byte[] buf, int pos) throws HttpException {
        byte b = buf[pos];
        if (b == '\r') {
            if (++leadingEmptyLines > MAX_LEADING_EMPTY_LINES) {
                throw bad("too many empty lines before the request line");
            }
            state = State.START_LF;
            return pos + 1;
        }
        state = State.METHOD;
        return pos;
    }

    private int method(byte[] buf, int pos, int limit) throws HttpException {
        while (pos < limit) {
            byte b = buf[pos++];
            countRequestLineByte();
            if (b == ' ') {
                if (scratchLength == 0) {
                    throw bad("empty method");
                }
                method = Methods.intern(scratch, scratchLength);
                scratchLength = 0;
                state = State.TARGET;
                return pos;
            }
            if (!CharClass.is(b, CharClass.TOKEN)) {
                throw bad("invalid character in method");
            }
            append(b);
        }
        return pos;
    }

    private int target(byte[] buf, int pos, int limit) throws HttpException {
        while (pos < limit) {
            byte b = buf[pos++];
            countRequestLineByte();
            if (b == ' ') {
                if (scratchLength == 0) {
                    throw bad("empty request target");
                }
                target = new String(scratch, 0, scratchLength, StandardCharsets.ISO_8859_1);
                scratchLength = 0;
                state = State.VERSION;
                return pos;
            }
            if (!CharClass.is(b, CharClass.TARGET)) {
                throw bad("invalid character in request target");
            }
            append(b);
        }
        return pos;
    }

    private int version(byte[] buf, int pos, int limit) throws HttpException {
        while (pos < limit) {
            byte b = buf[pos++];
            if (b == '\r') {
                version = parseVersion();
                scratchLength = 0;
                state = State.REQUEST_LINE_LF;
                return pos;
            }
            countRequestLineByte();
            if (scratchLength == 8 || b == '\n') {
                throw bad("malformed HTTP version");
            }
            append(b);
        }
        return pos;
    }

    /**
     * HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3). A minor version above 1 is processed as HTTP/1.1, the
     * highest 1.x Portico implements (RFC 9110 §2.5); another major version is 505. The text as received is kept
     * for {@link RequestHead#protocol()}.
     */
    private HttpVersion parseVersion() throws HttpException {
        byte[] s = scratch;
        if (scratchLength != 8 || s[0] != 'H' || s[1] != 'T' || s[2] != 'T' || s[3] != 'P' || s[4] != '/'
                || !isDigit(s[5]) || s[6] != '.' || !isDigit(s[7])) {
            throw bad("malformed HTTP version");
        }
        if (s[5] != '1') {
            throw new HttpException(505, "HTTP version not supported");
        }
        if (s[7] == '0') {
            protocol = HttpVersion.HTTP_1_0.text();
            return HttpVersion.HTTP_1_0;
        }
        protocol = s[7] == '1' ? HttpVersion.HTTP_1_1.text() : new String(s, 0, 8, StandardCharsets.US_ASCII);
        return HttpVersion.HTTP_1_1;
    }

    private int fieldStart(byte[] buf, int pos) throws HttpException {
        byte b = buf[pos];
        if (b == '\r') {
            countHeaderBytes(1);
            state = State.END_LF;
            return pos + 1;
        }
        if (b == ' ' || b == '\t') {
            // obs-fold (RFC 9112 §5.2): a server must reject it or unfold it; unfolding is a smuggling vector.
            throw bad("obsolete line folding");
        }
        if (fields.size() == limits.maxHeaderCount()) {
            throw new HttpException(431, "too many header fields");
        }
        state = State.FIELD_NAME;
        return pos;
    }

    private int fieldName(byte[] buf, int pos, int limit) throws HttpException {
        int start = pos;
        int stop = headerBudgetEnd(pos, limit);
        try {
            while (pos < stop) {
                byte b = buf[pos++];
                if (b == ':') {
                    if (scratchLength == 0) {
                        throw bad("empty header field name");
                    }
                    fieldName = HeaderNames.intern(scratch, scratchLength);
                    scratchLength = 0;
                    state = State.FIELD_VALUE_START;
                    return pos;
                }
                if (!CharClass.is(b, CharClass.TOKEN)) {
                    // Includes whitespace between name and colon, which RFC 9112 §5.1 says must be rejected.
                    throw bad("invalid character in header field name");
                }
                append(b);
            }
            return pos;
        } finally {
            countHeaderBytes(pos - start);
        }
    }

    private int fieldValueStart(byte[] buf, int pos, int limit) throws HttpException {
        int start = pos;
        while (pos < limit && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        countHeaderBytes(pos - start);
        if (pos < limit) {
            state = State.FIELD_VALUE;
        }
        return pos;
    }

    private int fieldValue(byte[] buf, int pos, int limit) throws HttpException {
        int start = pos;
        int stop = headerBudgetEnd(pos, limit);
        try {
            while (pos < stop) {
                byte b = buf[pos++];
                if (b == '\r') {
                    int end = scratchLength;
                    while (end > 0 && (scratch[end - 1] == ' ' || scratch[end - 1] == '\t')) {
                        end--;
                    }
                    if (!trailerMode && isHost(fieldName) && !RequestHeadValidator.isValidAuthority(scratch, 0, end)) {
                        throw bad("invalid Host header");
                    }
                    fields.addRaw(fieldName, scratch, 0, end);
                    scratchLength = 0;
                    state = State.FIELD_LF;
                    return pos;
                }
                if (!CharClass.is(b, CharClass.FIELD_VCHAR) && b != ' ' && b != '\t') {
                    // CTLs, NUL and bare LF inside a value (RFC 9110 §5.5).
                    throw bad("invalid character in header field value");
                }
                append(b);
            }
            return pos;
        } finally {
            countHeaderBytes(pos - start);
        }
    }

    private static boolean isHost(String name) {
        return name == "Host" || name.equalsIgnoreCase("Host"); // interned names make the common case one compare
    }

    /** Where to stop scanning so that the scratch buffer never holds more than the header limit allows. */
    private int headerBudgetEnd(int pos, int limit) {
        return (int) Math.min(limit, (long) pos + limits.maxHeaderBytes() - headerBytes + 1);
    }

    private void append(byte b) {
        if (scratchLength == scratch.length) {
            scratch = java.util.Arrays.copyOf(scratch, Math.min(scratch.length * 2, scratchMax));
        }
        scratch[scratchLength++] = b;
    }

    private void countRequestLineByte() throws HttpException {
        if (++requestLineBytes > limits.maxRequestLine()) {
            throw new HttpException(414, "request line too long");
        }
    }

    private void countHeaderBytes(int n) throws HttpException {
        headerBytes += n;
        if (headerBytes > limits.maxHeaderBytes()) {
            throw new HttpException(431, "header section too large");
        }
    }

    private static void expectLf(byte b) throws HttpException {
        if (b != '\n') {
            throw bad("CR not followed by LF");
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static HttpException bad(String message) {
        return new HttpException(400, message);
    }
}
