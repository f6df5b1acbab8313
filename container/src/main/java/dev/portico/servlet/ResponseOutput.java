package dev.portico.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The response body stream, over the exchange's buffered body: the exchange's buffer is the servlet response buffer.
 * Writes are ignored once the container has closed the response (after sendError, sendRedirect, a forward, or the
 * declared Content-Length was reached, or the app closed the stream — Servlet 6.1 §5.7).
 *
 * <p>Non-blocking mode (§5.5, after {@link #setWriteListener}) is {@link NonBlockingWrites}', its writes run on the
 * gateway's executor.
 */
final class ResponseOutput extends ServletOutputStream {
    private final PorticoResponse response;
    private final OutputStream sink;

    /** Set by setWriteListener: the stream is in non-blocking mode. */
    private NonBlockingWrites nonBlocking;

    ResponseOutput(PorticoResponse response, OutputStream sink) {
        this.response = response;
        this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
        if (nonBlocking != null) {
            nonBlocking.handOver(new byte[] {(byte) b}, false);
            return;
        }
        writeFromWriter(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (nonBlocking != null) {
            nonBlocking.handOver(Arrays.copyOfRange(b, off, off + len), false);
            return;
        }
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
            throw response.cycle().errors.writeFailed(e);
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
            throw response.cycle().errors.writeFailed(e);
        }
        if (n == room) {
            response.contentLengthReached();
        }
    }

    @Override
    public void flush() throws IOException {
        if (nonBlocking != null) {
            nonBlocking.handOver(null, true);
            return;
        }
        if (!response.isClosedByApp()) {
            response.flushBuffer();
        }
    }

    /** Closing commits and sends what is buffered; the exchange itself completes when the request does. */
    @Override
    public void close() throws IOException {
        awaitWritten();
        if (!response.isClosedByApp()) {
            response.closeOutput();
        }
    }

    // ---- non-blocking mode ------------------------------------------------------------------------------------

    @Override
    public boolean isReady() {
        return nonBlocking == null || nonBlocking.isReady();
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        if (writeListener == null) {
            throw new NullPointerException("writeListener");
        }
        RequestCycle cycle = response.cycle();
        if (!cycle.async.isAsyncStarted()) {
            throw new IllegalStateException("setWriteListener is only allowed in async mode");
        }
        NonBlockingWrites writes;
        synchronized (this) {
            if (nonBlocking != null) {
                throw new IllegalStateException("a WriteListener has already been set");
            }
            writes = new NonBlockingWrites(writeListener, cycle.async::execute, cycle.app.loader, new Stream());
            nonBlocking = writes;
        }
        writes.start();
    }

    /** Waits for a handed-over write to reach the exchange (before the response is finished). */
    void awaitWritten() {
        if (nonBlocking != null) {
            nonBlocking.awaitWritten();
        }
    }

    private final class Stream implements NonBlockingWrites.Stream {
        @Override
        public void writeNow(byte[] bytes, boolean flush) throws IOException {
            if (bytes != null) {
                writeFromWriter(bytes, 0, bytes.length);
            }
            if (flush && !response.isClosedByApp()) {
                response.flushBuffer();
            }
        }

        @Override
        public boolean callbacksAllowed() {
            return true;
        }

        @Override
        public void failed(Throwable failure) {
            response.cycle().errors.failedOutsideDispatch(failure);
        }
    }
}
