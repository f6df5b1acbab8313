package dev.portico.http;

/**
 * The size limits the parser enforces, with their defaults. Each limit maps to the status that reports it.
 *
 * @param maxRequestLine    bytes of the request line, CRLF excluded; over it → 414
 * @param maxHeaderBytes    bytes of the whole header section; over it → 431
 * @param maxHeaderCount    number of header fields; over it → 431
 * @param maxBody           bytes of a request body, or -1 for no limit; over it → 413
 * @param maxChunkExtension bytes of the extensions on one chunk-size line of a chunked body; over it → 400
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount, long maxBody,
                         int maxChunkExtension) {
    public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    public static final long DEFAULT_MAX_BODY = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_CHUNK_EXTENSION = 4 * 1024;

    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_REQUEST_LINE, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADER_COUNT,
                DEFAULT_MAX_BODY, DEFAULT_MAX_CHUNK_EXTENSION);
    }

    public HttpLimits withMaxBody(long maxBody) {
        return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaderCount, maxBody, maxChunkExtension);
    }

    public HttpLimits withMaxChunkExtension(int maxChunkExtension) {
        return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaderCount, maxBody, maxChunkExtension);
    }
}
