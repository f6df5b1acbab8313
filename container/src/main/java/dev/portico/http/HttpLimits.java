package dev.portico.http;

/**
 * The size limits of a request, with their defaults. Each limit maps to the status that reports it. The parser
 * enforces those of the head and the body's framing; the servlet gateway the form limits, when the app asks for
 * parameters.
 *
 * @param maxRequestLine    bytes of the request line, CRLF excluded; over it → 414
 * @param maxHeaderBytes    bytes of the whole header section; over it → 431
 * @param maxHeaderCount    number of header fields; over it → 431
 * @param maxBody           bytes of a request body, or -1 for no limit; over it → 413
 * @param maxChunkExtension bytes of the extensions on one chunk-size line of a chunked body; over it → 400
 * @param maxFormSize       bytes of form data decoded into parameters (an
 *                          {@code application/x-www-form-urlencoded} body, or the form fields of a multipart body
 *                          together), or -1 for no limit; over it → 413. A form is held in memory whole, so this is
 *                          far below {@code maxBody}; a body the app reads itself is not bound by it
 * @param maxParameters     request parameters (query and form together), or -1 for no limit; over it → 413. Each
 *                          costs a map entry and strings, so a small form of "a&amp;a&amp;a…" must not make millions
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount, long maxBody,
                         int maxChunkExtension, long maxFormSize, int maxParameters) {
    public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    public static final long DEFAULT_MAX_BODY = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_CHUNK_EXTENSION = 4 * 1024;
    /** Tomcat's maxPostSize (Jetty's maxFormContentSize is 200,000 bytes). */
    public static final long DEFAULT_MAX_FORM_SIZE = 2L * 1024 * 1024;
    /** Tomcat's maxParameterCount and Jetty's maxFormKeys. */
    public static final int DEFAULT_MAX_PARAMETERS = 1000;

    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_REQUEST_LINE, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADER_COUNT,
                DEFAULT_MAX_BODY, DEFAULT_MAX_CHUNK_EXTENSION, DEFAULT_MAX_FORM_SIZE, DEFAULT_MAX_PARAMETERS);
    }

    public HttpLimits withMaxBody(long maxBody) {
        return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaderCount, maxBody, maxChunkExtension,
                maxFormSize, maxParameters);
    }

    public HttpLimits withMaxChunkExtension(int maxChunkExtension) {
        return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaderCount, maxBody, maxChunkExtension,
                maxFormSize, maxParameters);
    }

    public HttpLimits withMaxFormSize(long maxFormSize) {
        return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaderCount, maxBody, maxChunkExtension,
                maxFormSize, maxParameters);
    }

    public HttpLimits withMaxParameters(int maxParameters) {
        return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaderCount, maxBody, maxChunkExtension,
                maxFormSize, maxParameters);
    }
}
