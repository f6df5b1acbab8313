package dev.portico.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as a {@link ServletInputStream}, over the exchange's decoded body stream.
 *
 * <p>Non-blocking mode (Servlet 6.1 §5.3, after {@link #setReadListener}) in the simple form: a container thread
 * does the blocking read of the next chunk and then calls {@code onDataAvailable}; {@link #isReady()} is true
 * exactly while a fetched chunk has bytes left (or the body has ended), and a false answer schedules the next
 * fetch, whose callback follows.
 *
 * <p>Every read of the body, the app's and the container's (a form, multipart), goes through here, so a failed read
 * is told to {@link ErrorResponder#bodyReadFailed} at this one point.
 */
final class RequestInput extends ServletInputStream {
    private static final int CHUNK = 16 * 1024;

    private final RequestCycle cycle;
    private final InputStream body;
    private boolean finished;

    private ReadListener listener;
    private byte[] chunk;
    private int chunkPos;
    private int chunkLen;
    private boolean eof;
    private boolean fetching;

    RequestInput(RequestCycle cycle, InputStream body) {
        this.cycle = cycle;
        this.body = body;
    }

    @Override
    public int read() throws IOException {
        if (listener != null) {
            synchronized (this) {
                if (chunkPos < chunkLen) {
                    return chunk[chunkPos++] & 0xff;
                }
                return nonBlockingEnd();
            }
        }
        if (finished) {
            return -1;
        }
        int b;
        try {
            b = body.read();
        } catch (IOException e) {
            throw cycle.errors.bodyReadFailed(e);
        }
        if (b < 0) {
            finished = true;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (listener != null) {
            synchronized (this) {
                if (chunkPos < chunkLen) {
                    int n = Math.min(len, chunkLen - chunkPos);
                    System.arraycopy(chunk, chunkPos, b, off, n);
                    chunkPos += n;
                    return n;
                }
                return nonBlockingEnd();
            }
        }
        if (finished) {
            return -1;
        }
        int n;
        try {
            n = body.read(b, off, len);
        } catch (IOException e) {
            throw cycle.errors.bodyReadFailed(e);
        }
        if (n < 0) {
            finished = true;
        }
        return n;
    }

    private int nonBlockingEnd() {
        if (eof) {
            finished = true;
            return -1;
        }
        throw new IllegalStateException("read() while isReady() is false: wait for onDataAvailable");
    }

    @Override
    public int available() throws IOException {
        if (listener != null) {
            synchronized (this) {
                return chunkLen - chunkPos;
            }
        }
        return finished ? 0 : body.available();
    }

    @Override
    public boolean isFinished() {
        if (listener != null) {
            synchronized (this) {
                return eof && chunkPos >= chunkLen;
            }
        }
        return finished;
    }

    @Override
    public boolean isReady() {
        if (listener == null) {
            return true;
        }
        synchronized (this) {
            if (chunkPos < chunkLen || eof) {
                return true;
            }
            scheduleFetch();
            return false;
        }
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        if (readListener == null) {
            throw new NullPointerException("readListener");
        }
        if (!cycle.async.isAsyncStarted()) {
            throw new IllegalStateException("setReadListener is only allowed in async mode");
        }
        synchronized (this) {
            if (listener != null) {
                throw new IllegalStateException("a ReadListener has already been set");
            }
            listener = readListener;
            scheduleFetch();
        }
    }

    /** Caller holds the lock. One fetch at a time; its callback is the answer to the isReady() that was false. */
    private void scheduleFetch() {
        if (!fetching && !eof) {
            fetching = true;
            cycle.async.execute(this::fetch);
        }
    }

    private void fetch() {
        ClassLoader previous = AppClassLoader.enter(cycle.app.loader);
        try {
            byte[] buffer = new byte[CHUNK];
            boolean ended;
            try {
                int n = body.read(buffer, 0, buffer.length);
                synchronized (this) {
                    if (n < 0) {
                        eof = true;
                    } else {
                        chunk = buffer;
                        chunkPos = 0;
                        chunkLen = n;
                    }
                    fetching = false;
                    ended = eof;
                }
            } catch (IOException e) {
                failed(cycle.errors.bodyReadFailed(e));
                return;
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            try {
                if (ended) {
                    listener.onAllDataRead();
                } else {
                    listener.onDataAvailable();
                }
            } catch (Throwable t) {
                failed(t);
            }
        } finally {
            AppClassLoader.exit(previous);
        }
    }

    private void failed(Throwable t) {
        try {
            listener.onError(t);
        } catch (RuntimeException e) {
            t.addSuppressed(e);
        }
        cycle.errors.failedOutsideDispatch(t);
    }

    /** The app's close() does not close the connection's stream; the server drains what is left. */
    @Override
    public void close() {
        finished = true;
    }
}
