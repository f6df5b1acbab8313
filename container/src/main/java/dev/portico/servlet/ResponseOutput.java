package dev.portico.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The response body stream, over the exchange's buffered body: the exchange's buffer is the servlet response buffer.
 * Writes are ignored once the container has closed the response (after sendError, sendRedirect, a forward, or the
 * declared Content-Length was reached, or the app closed the stream — Servlet 6.1 §5.7).
 */
final class ResponseOutput extends ServletOutputStream {
    private final PorticoResponse response;
    private final OutputStream sink;

    ResponseOutput(PorticoResponse response, OutputStream sink) {
        this.response = response;
        this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
        writeFromWriter(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        writeFromWriter(b, off, len);
    }

    void writeFromWriter(int b) throws IOException {
        long room = response.room();
        if (room <= 0) {
            return;
        }
        try {
            sink.write(b);
        } catch (IOException e) {
            throw response.clientGone(e);
        }
        if (room == 1) {
            response.contentLengthReached();
        }
    }

    void writeFromWriter(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        long room = response.room();
        if (room <= 0) {
            return;
        }
        int n = (int) Math.min(len, room);   // never more than the declared Content-Length
        try {
            sink.write(b, off, n);
        } catch (IOException e) {
            throw response.clientGone(e);
        }
        if (n == room) {
            response.contentLengthReached();
        }
    }

    @Override
    public void flush() throws IOException {
        if (!response.isSuspended()) {
            response.flushBuffer();
        }
    }

    /** Closing commits and sends what is buffered; the exchange itself completes when the request does. */
    @Override
    public void close() throws IOException {
        if (!response.isSuspended()) {
            response.closeOutput();
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        throw new IllegalStateException("setWriteListener is only allowed in async mode");
    }
}
