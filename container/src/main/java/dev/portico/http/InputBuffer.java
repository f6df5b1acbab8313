package dev.portico.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The connection's read buffer. The parser consumes the head from it; body streams then take what is left before
 * reading the socket again, so bytes of a body or of a pipelined next request are never lost or read twice.
 */
public final class InputBuffer {
    private final InputStream in;
    final byte[] buf;
    int pos;
    int limit;

    public InputBuffer(InputStream in, int size) {
        this.in = in;
        this.buf = new byte[size];
    }

    public byte[] array() {
        return buf;
    }

    public int position() {
        return pos;
    }

    public int limit() {
        return limit;
    }

    public void position(int pos) {
        this.pos = pos;
    }

    /** Bytes already read from the socket and not yet consumed. */
    public int buffered() {
        return limit - pos;
    }

    /**
     * Reads more bytes from the stream into the free part of the buffer (compacting it first).
     *
     * @return the number of bytes read, or -1 at end of stream
     */
    public int fill() throws IOException {
        if (pos == limit) {
            pos = 0;
            limit = 0;
        } else if (limit == buf.length) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n > 0) {
            limit += n;
        }
        return n;
    }

    /** One byte, reading more if needed. @throws EOFException if the stream ends */
    int readByte() throws IOException {
        if (pos == limit && fill() < 0) {
            throw new EOFException("connection closed in the middle of a request body");
        }
        return buf[pos++] & 0xFF;
    }

    /** Up to {@code len} bytes: buffered ones first, else straight from the stream into {@code b}. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int buffered = limit - pos;
        if (buffered > 0) {
            int n = Math.min(buffered, len);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        if (len >= buf.length) {
            return in.read(b, off, len);  // large reads skip the copy through our buffer
        }
        if (fill() < 0) {
            return -1;
        }
        return read(b, off, len);
    }
}
