package dev.portico.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes the chunked transfer coding (RFC 9112 §7.1): chunk-size in hex, extensions checked against their grammar
 * and skipped ({@link ChunkExtensions}), data, CRLF, and after the last chunk an optional trailer section. Strict on
 * every delimiter, because a lenient chunk parser is how one request is smuggled inside another.
 */
public final class ChunkedInputStream extends InputStream {
    private enum State { SIZE, DATA, END }

    private final InputBuffer input;
    private final RequestParser trailerParser;
    private final long maxBody;
    private final int maxChunkExtension;
    private State state = State.SIZE;
    private long chunkRemaining;
    private long total;
    private HttpFields trailers;

    /**
     * @param trailerParser the connection's parser, idle while a body is read, reused for the trailer section;
     *                      its limits bound the trailer section and each chunk's extensions
     * @param maxBody       the most body bytes accepted, or -1 for no limit (→ 413)
     */
    public ChunkedInputStream(InputBuffer input, RequestParser trailerParser, long maxBody) {
        this.input = input;
        this.trailerParser = trailerParser;
        this.maxBody = maxBody;
        this.maxChunkExtension = trailerParser.limits().maxChunkExtension();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (state == State.SIZE) {
            readChunkSize();
        }
        if (state == State.END) {
            return -1;
        }
        int n = input.read(b, off, (int) Math.min(len, chunkRemaining));
        if (n < 0) {
            throw new java.io.EOFException("connection closed in the middle of a chunk");
        }
        chunkRemaining -= n;
        if (chunkRemaining == 0) {
            expectCrlf();
            state = State.SIZE;
        }
        return n;
    }

    @Override
    public int available() {
        return state == State.DATA ? (int) Math.min(chunkRemaining, input.buffered()) : 0;
    }

    public boolean isFinished() {
        return state == State.END;
    }

    /** The trailer fields, once the body has been read to its end; else null. */
    public HttpFields trailers() {
        return trailers;
    }

    private void readChunkSize() throws IOException {
        long size = 0;
        int digits = 0;
        int b;
        while (CharClass.is(b = input.readByte(), CharClass.HEX)) {
            if (++digits > 16 || size > (Long.MAX_VALUE >> 4)) {
                throw bad("chunk size too large");
            }
            size = (size << 4) + CharClass.hexValue(b);
        }
        if (digits == 0) {
            throw bad("missing chunk size");
        }
        ChunkExtensions.skip(input, b, maxChunkExtension);
        if (size == 0) {
            readTrailers();
            state = State.END;
            return;
        }
        total += size;
        if (maxBody >= 0 && total > maxBody) {
            throw new HttpException(413, "request body larger than " + maxBody + " bytes");
        }
        chunkRemaining = size;
        state = State.DATA;
    }

    private void readTrailers() throws IOException {
        trailerParser.startTrailers();
        while (!trailerParser.isComplete()) {
            if (input.buffered() == 0 && input.fill() < 0) {
                throw new java.io.EOFException("connection closed in the trailer section");
            }
            input.pos = trailerParser.parse(input.buf, input.pos, input.limit);
        }
        trailers = trailerParser.trailers();
    }

    private void expectCrlf() throws IOException {
        if (input.readByte() != '\r' || input.readByte() != '\n') {
            throw bad("chunk data not followed by CRLF");
        }
    }

    private static HttpException bad(String message) {
        return new HttpException(400, message);
    }
}
