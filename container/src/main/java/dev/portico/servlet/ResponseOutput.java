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
 * <p>Non-blocking mode (§5.5, after {@link #setWriteListener}) in the simple form: a write copies the bytes and a
 * container thread does the blocking write; {@link #isReady()} is false until that is done, and a false answer is
 * followed by {@code onWritePossible} once it is. A write never blocks the app's thread.
 */
final class ResponseOutput extends ServletOutputStream {
    private final PorticoResponse response;
    private final OutputStream sink;

    private WriteListener listener;
    private boolean ready = true;
    private boolean writePossibleOwed;
    private byte[] pending;
    private boolean pendingFlush;

    ResponseOutput(PorticoResponse response, OutputStream sink) {
        this.response = response;
        this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
        if (listener != null) {
            handOver(new byte[] {(byte) b}, false);
            return;
        }
        writeFromWriter(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (listener != null) {
            handOver(Arrays.copyOfRange(b, off, off + len), false);
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
        if (listener != null) {
            handOver(null, true);
            return;
        }
        if (!response.isClosedByApp()) {
            response.flushBuffer();
        }
    }

    /** Closing commits and sends what is buffered; the exchange itself completes when the request does. */
    @Override
    public void close() throws IOException {
        if (listener != null) {
            awaitWritten();
        }
        if (!response.isClosedByApp()) {
            response.closeOutput();
        }
    }

    // ---- non-blocking mode ------------------------------------------------------------------------------------

    @Override
    public synchronized boolean isReady() {
        if (listener == null || ready) {
            return true;
        }
        writePossibleOwed = true;
        return false;
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
        synchronized (this) {
            if (listener != null) {
                throw new IllegalStateException("a WriteListener has already been set");
            }
            listener = writeListener;
        }
        cycle.async.execute(() -> callback(null));    // a new stream can be written at once
    }

    private void handOver(byte[] bytes, boolean flush) {
        synchronized (this) {
            if (!ready) {
                throw new IllegalStateException("write while isReady() is false: wait for onWritePossible");
            }
            ready = false;
            pending = bytes;
            pendingFlush = flush;
        }
        response.cycle().async.execute(this::drain);
    }

    /** On a container thread: the blocking write, then onWritePossible if the app was told to wait. */
    private void drain() {
        byte[] bytes;
        boolean flush;
        synchronized (this) {
            bytes = pending;
            flush = pendingFlush;
            pending = null;
        }
        Throwable failure = null;
        try {
            if (bytes != null) {
                writeFromWriter(bytes, 0, bytes.length);
            }
            if (flush && !response.isClosedByApp()) {
                response.flushBuffer();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        boolean owed;
        synchronized (this) {
            ready = true;
            owed = writePossibleOwed;
            writePossibleOwed = false;
            notifyAll();
        }
        if (failure != null) {
            callback(failure);
        } else if (owed) {
            callback(null);
        }
    }

    private void callback(Throwable failure) {
        RequestCycle cycle = response.cycle();
        ClassLoader previous = AppClassLoader.enter(cycle.app.loader);
        try {
            if (failure == null) {
                try {
                    listener.onWritePossible();
                    return;
                } catch (Throwable t) {
                    failure = t;
                }
            }
            try {
                listener.onError(failure);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
            cycle.errors.failedOutsideDispatch(failure);
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    /** Waits for a handed-over write to reach the exchange (before the response is finished). */
    synchronized void awaitWritten() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!ready) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
